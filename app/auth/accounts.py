"""Accounts officers own: changing one's password, resetting another's, a station staff's station,
a lawyer account's roster entry."""
import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.auth.errors import CurrentPasswordWrong, OfficerNotFound
from app.auth.models import Officer
from app.auth.passwords import one_time_password, password_problem
from app.auth.roles import require_role
from app.campaigns.models import Campaign, Station
from app.errors import ValidationFailed
from app.extensions import db
from app.legal_aid.models import Lawyer
from app.orgs.services import subtree_ids
from app.schemas import paginate
from app.validation import Checks


def change_password(officer, current_password, new_password):
    """The officer's own new password; every other session of theirs ends (the caller re-issues one)."""
    if not isinstance(current_password, str) or not officer.check_password(current_password):
        raise CurrentPasswordWrong()
    problem = password_problem(new_password)
    if problem is None and new_password == current_password:
        problem = "新密码不能与当前密码相同"
    if problem:
        raise ValidationFailed(fields={"new_password": [problem]})
    officer.set_password(new_password)
    officer.password_change_required = False
    officer.session_version += 1
    record_audit("officer.password_changed", actor=officer, target=officer, org_id=officer.org_id)
    return officer


def get_managed_officer(actor, officer_id):
    """An account the actor may manage: any other for a city admin; for a district officer the
    accounts below their own org, and the lawyers and station staff of their own org (never a
    fellow officer's or a city admin's). Anyone else's account is 404, as if it did not exist."""
    require_role(actor, roles.OFFICE)
    officer = db.session.get(Officer, officer_id)
    if officer is None or officer.id == actor.id:
        raise OfficerNotFound()
    if actor.role not in roles.CITY and not _below(actor, officer):
        raise OfficerNotFound()
    return officer


def _below(actor, officer):
    if officer.role in roles.CITY or not officer.org.is_within(actor.org):
        return False
    return officer.org_id != actor.org_id or officer.role not in roles.OFFICE


def reset_password(target, *, actor):
    """Give `target` a one-time password (returned once, never stored in clear): their sessions end,
    and at the next sign-in they can do nothing but change it."""
    password = one_time_password()
    target.set_password(password)
    target.password_change_required = True
    target.session_version += 1
    record_audit("officer.password_reset", actor=actor, target=target, org_id=target.org_id)
    return password


def set_officer_station(target, station_id, *, actor):
    """Move a station-staff account to another station (a new campaign means a new station); a
    station may have several staff accounts. Audited with the old and the new station."""
    require_role(actor, roles.OFFICE)
    if target.role != roles.STATION_STAFF:
        raise ValidationFailed(fields={"station_id": ["只有驿站工作人员绑定驿站"]})
    station = db.session.get(Station, station_id) if station_id is not None else None
    if station is None or (actor.role not in roles.CITY and not station.org.is_within(actor.org)):
        raise ValidationFailed(fields={"station_id": ["驿站不存在"]})
    # The entry names the stations (not bare ids), as the officer reading the log knows them.
    edit = track_changes(target, "station_id", masked={"station_id": _station_label})
    target.station_id = station.id
    target.session_version += 1  # staff mode caches the station: sign in again to see the new one
    edit.audit("officer.station_changed", actor=actor, org_id=target.org_id)
    return target


def _station_label(station_id):
    station = db.session.get(Station, station_id)
    return f"{station.name}（#{station.id}）" if station is not None else f"#{station_id}"


def station_choices(actor):
    """[(station id, "campaign · station")] a staff account may be moved to by the actor: every
    station for a city admin, the stations of their subtree for a district officer; newest campaign first."""
    require_role(actor, roles.OFFICE)
    stmt = (sa.select(Station.id, Campaign.name, Station.name).join(Campaign, Campaign.id == Station.campaign_id)
            .order_by(Campaign.id.desc(), Station.name, Station.id))
    if actor.role not in roles.CITY:
        stmt = stmt.where(Station.org_id.in_(subtree_ids(actor.org)))
    return [(station_id, f"{campaign} · {name}") for station_id, campaign, name in db.session.execute(stmt)]


def link_lawyer(officer, *, lawyer_id=None, firm=None, actor=None):
    """A lawyer account's roster entry: an existing unlinked one, or a new one (name + firm)."""
    if lawyer_id is not None:
        lawyer = db.session.get(Lawyer, lawyer_id)
        if lawyer is None or lawyer.officer_id not in (None, officer.id):
            raise ValidationFailed(fields={"lawyer_id": ["该律师不存在或已绑定其他账号"]})
    else:
        checks = Checks()
        name = checks.text("display_name", officer.display_name, max_length=40, label="律师姓名")
        firm = checks.text("firm", firm, max_length=120, label="律师事务所")
        checks.done()
        lawyer = Lawyer(name=name, firm=firm, specialties=[], is_active=True, org_id=officer.org_id)
        db.session.add(lawyer)
    edit = track_changes(lawyer, "officer_id")
    lawyer.officer_id = officer.id
    db.session.flush()
    edit.audit("lawyer.account_linked", actor=actor, org_id=lawyer.org_id, to_state=str(officer.id))
    return lawyer


def unlinked_lawyers(actor):
    """Roster entries without an account, for the new-account form."""
    require_role(actor, roles.CITY)
    return db.session.scalars(sa.select(Lawyer).where(Lawyer.officer_id.is_(None)).order_by(Lawyer.name)).all()


def list_managed_officers(actor, *, page=1, per_page=50):
    """The accounts a district officer may reset: below their own org, plus their own org's lawyers
    and station staff (a city admin uses the full account list instead)."""
    require_role(actor, roles.OFFICE)
    below = Officer.org_id.in_(subtree_ids(actor.org))
    stmt = (sa.select(Officer).join(Officer.org).options(contains_eager(Officer.org))
            .where(below, Officer.id != actor.id, Officer.role.not_in(roles.CITY),
                   sa.or_(Officer.org_id != actor.org_id, Officer.role.not_in(roles.OFFICE)))
            .order_by(Officer.username))
    return paginate(stmt, page, per_page)
