"""Signing in: workers through WeChat, officers with username and password."""
import secrets
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit.services import record_audit
from app.auth import roles
from app.auth.accounts import link_lawyer
from app.auth.errors import CannotDisableSelf, LoginFailed, LoginLocked, OfficerNotFound, UsernameTaken
from app.auth.models import Officer, User
from app.auth.passwords import password_problem
from app.auth.roles import require_role
from app.auth.tokens import issue_token
from app.campaigns.models import Station
from app.errors import ValidationFailed
from app.extensions import db
from app.orgs.models import Organization
from app.personal_data import encrypt_text
from app.ratelimit import clear_failures, lock, locked_for, record_failure
from app.schemas import paginate
from app.timeutil import utcnow
from app.validation import Checks
from app.wechat import wechat


def login_with_wechat(code):
    """wx.login code → code2session → user upserted by openid → (user, token, expires_at)."""
    session = wechat().code_to_session(code)
    user = db.session.scalar(sa.select(User).where(User.openid == session["openid"]))
    if user is None:
        user = User(openid=session["openid"], nickname=session.get("nickname"))
        db.session.add(user)
    if session.get("unionid"):
        user.unionid = session["unionid"]
    if session.get("session_key"):
        user.session_key_encrypted = encrypt_text(session["session_key"])
    user.last_login_at = utcnow()
    db.session.flush()
    token, expires_at = issue_token("worker", {"uid": user.id}, current_app.config["WORKER_TOKEN_TTL_SECONDS"])
    return user, token, expires_at


def bind_phone(user, code, fill_form=False):
    """Bind the phone number the worker allowed through getPhoneNumber.

    With fill_form (the join form filling its phone field) the owner gets the full number back in
    this one response (`phone_revealed`, not a column); everywhere else it stays masked.
    """
    user.phone = wechat().phone_number(code)
    user.phone_revealed = user.phone if fill_form else None
    return user


def _client_key(username, remote_addr):
    return f"officer-login:{username.lower()}|{remote_addr or '-'}"


def _address_key(remote_addr):
    return f"officer-login-ip:{remote_addr or '-'}"


@lru_cache(maxsize=4)
def _dummy_password_hash(method):
    """A hash made the way real ones are, so an unknown username costs the same time as a known one."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _password_matches(officer, password):
    if officer is None:
        check_password_hash(_dummy_password_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return officer.check_password(password) and officer.is_active


def _wait_for(failures_counted, limit):
    """Growing delay: base after `limit` failures, doubled for each failure beyond, capped."""
    config = current_app.config
    if failures_counted < limit:
        return 0
    return min(config["LOGIN_BASE_DELAY_SECONDS"] * 2 ** min(failures_counted - limit, 20),
               config["LOGIN_LOCK_SECONDS"])


def _locked(username, officer, remote_addr, wait, action):
    record_audit(action, actor=None, target=officer, target_type="Officer",
                 org_id=officer.org_id if officer else None, username=username[:64], ip=remote_addr,
                 wait_seconds=wait)
    return LoginLocked(f"密码错误次数过多，请{max(1, -(-wait // 60))}分钟后再试", retry_after=wait)


def authenticate_officer(username, password, *, remote_addr=None):
    """Check the password. Failures are counted per (username, client address) and per address,
    and earn that address a growing wait; the same username from another address is not held up,
    so nobody can lock an officer out by guessing wrong on purpose."""
    config = current_app.config
    client_key, address_key = _client_key(username, remote_addr), _address_key(remote_addr)
    officer = db.session.scalar(sa.select(Officer).where(Officer.username == username))
    wait = max(locked_for(client_key), locked_for(address_key))
    if wait:
        raise _locked(username, officer, remote_addr, wait, "officer.login_refused")
    if not _password_matches(officer, password):
        window = config["LOGIN_FAILURE_WINDOW_SECONDS"]
        record_audit("officer.login_failed", actor=None, target=officer, target_type="Officer",
                     org_id=officer.org_id if officer else None, username=username[:64], ip=remote_addr)
        waits = {client_key: _wait_for(record_failure(client_key, window), config["LOGIN_MAX_FAILURES"]),
                 address_key: _wait_for(record_failure(address_key, window), config["LOGIN_MAX_FAILURES_PER_IP"])}
        for key, wait in waits.items():
            if wait:
                lock(key, wait)
        if max(waits.values()):
            raise _locked(username, officer, remote_addr, max(waits.values()), "officer.login_locked")
        raise LoginFailed()
    clear_failures(client_key)
    officer.last_login_at = utcnow()
    record_audit("officer.login", actor=officer, target=officer, org_id=officer.org_id, ip=remote_addr)
    return officer


def issue_officer_token(officer):
    return issue_token("officer", {"oid": officer.id, "v": officer.session_version},
                       current_app.config["OFFICER_TOKEN_TTL_SECONDS"])


def create_officer(username, password, role, org_id, *, actor=None, station_id=None, display_name=None,
                   must_change=None, lawyer_id=None, firm=None):
    """Create an officer account: federation IT at the command line (no actor), or a city admin.

    A password someone else chose is an initial password: unless `must_change` says otherwise,
    an account a city admin creates must change it at first sign-in. A lawyer account is linked
    to its roster entry (`lawyer_id`), or a new roster entry is made from the name and `firm`.
    """
    if actor is not None:
        require_role(actor, roles.CITY)
    checks = Checks()
    display_name = checks.text("display_name", display_name, max_length=64, required=False, label="姓名")
    errors = checks.errors
    if role not in roles.ALL_ROLES:
        errors["role"] = ["角色无效"]
    username = username.strip() if isinstance(username, str) else ""
    if not username or len(username) > 64:
        errors["username"] = ["用户名应为1到64个字符"]
    problem = password_problem(password)
    if problem:
        errors["password"] = [problem]
    if org_id is None or db.session.get(Organization, org_id) is None:
        errors["org_id"] = ["组织不存在"]
    if role == roles.STATION_STAFF and not station_id:
        errors["station_id"] = ["驿站工作人员须绑定驿站"]
    elif station_id is not None and not _station_exists(station_id):
        errors["station_id"] = ["驿站不存在"]
    if errors:
        raise ValidationFailed(fields=errors)
    if db.session.scalar(sa.select(Officer.id).where(Officer.username == username)):
        raise UsernameTaken()
    officer = Officer(username=username, role=role, org_id=org_id, station_id=station_id,
                      display_name=display_name,
                      password_change_required=actor is not None if must_change is None else must_change)
    officer.set_password(password)
    db.session.add(officer)
    db.session.flush()
    if role == roles.LAWYER and (actor is not None or lawyer_id is not None or firm):
        link_lawyer(officer, lawyer_id=lawyer_id, firm=firm, actor=actor)
    record_audit("officer.created", actor=actor, target=officer, org_id=org_id, to_state=role)
    return officer


def _station_exists(station_id):
    return db.session.get(Station, station_id) is not None


def set_officer_active(officer, active, *, actor):
    """Disable or re-enable an account (a city admin's power); disabling ends its sessions at once."""
    require_role(actor, roles.CITY)
    if officer is None:
        raise OfficerNotFound()
    if not active and officer.id == actor.id:
        raise CannotDisableSelf()
    before = "active" if officer.is_active else "disabled"
    officer.is_active = active
    officer.session_version += 1
    record_audit("officer.enabled" if active else "officer.disabled", actor=actor, target=officer,
                 org_id=officer.org_id, from_state=before, to_state="active" if active else "disabled")
    return officer


def is_station_staff(user):
    """Whether the staff mode is open to this WeChat user: bound to an active account that may
    work at a station (the same test as access.current_staff)."""
    return db.session.scalar(
        sa.select(Officer.id).where(Officer.user_id == user.id, Officer.role.in_(roles.STATION_WORKERS),
                                    Officer.is_active.is_(True))
    ) is not None


def list_officers(actor, *, q=None, page=1, per_page=50):
    """Officer accounts, for city admins only."""
    require_role(actor, roles.CITY)
    stmt = sa.select(Officer).options(selectinload(Officer.org)).order_by(Officer.id)
    if q:
        stmt = stmt.where(sa.or_(Officer.username.contains(q, autoescape=True),
                                 Officer.display_name.contains(q, autoescape=True)))
    return paginate(stmt, page, per_page)


def get_officer(actor, officer_id):
    require_role(actor, roles.CITY)
    officer = db.session.get(Officer, officer_id)
    if officer is None:
        raise OfficerNotFound()
    return officer


def officer_names(officer_ids):
    """{id: display name} for showing who did what on a timeline."""
    ids = [i for i in officer_ids if i is not None]
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Officer.id, Officer.display_name, Officer.username)
                              .where(Officer.id.in_(ids))).all()
    return {i: display or username for i, display, username in rows}
