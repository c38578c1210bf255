"""Who can act: workers (WeChat users) and officers (web accounts with a role and a scope)."""
import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.roles import ALL_ROLES
from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class User(db.Model):
    """A worker who signed in through the mini-program."""

    __tablename__ = "users"

    id = sa.Column(sa.Integer, primary_key=True)
    openid = sa.Column(sa.String(64), nullable=False, unique=True)
    unionid = sa.Column(sa.String(64), index=True)
    nickname = sa.Column(sa.String(64))
    #: Bound through getuserphonenumber; shown masked.
    phone = sa.Column(sa.String(20))
    #: WeChat session_key, encrypted; it never leaves the server.
    session_key_encrypted = sa.Column(sa.Text)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = sa.Column(UTCDateTime)
    #: Set when the worker's personal data was erased (PIPL Art. 47): the row stays, anonymised, so
    #: statistics and case records keep their counts; the same person signs in again as a new user.
    erased_at = sa.Column(UTCDateTime)


class Officer(db.Model):
    """A union officer, lawyer or station staff member on the web screen."""

    __tablename__ = "officers"
    __table_args__ = (sa.CheckConstraint(f"role IN {ALL_ROLES}", name="role"),)

    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(64), nullable=False, unique=True)
    display_name = sa.Column(sa.String(64))
    password_hash = sa.Column(sa.String(255), nullable=False)
    role = sa.Column(sa.String(20), nullable=False)
    #: The root of the subtree this officer may act in.
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    #: For station staff: the one heat-relief station they serve (FK added by the campaigns migration).
    station_id = sa.Column(sa.Integer, sa.ForeignKey("stations.id"), index=True)
    #: Station staff may also use the mini-program's staff mode through their WeChat user.
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), unique=True)
    is_active = sa.Column(sa.Boolean, nullable=False, default=True)
    #: Bumped on disable / password change: every token and web session issued before dies.
    session_version = sa.Column(sa.Integer, nullable=False, default=1)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    last_login_at = sa.Column(UTCDateTime)
    #: An initial or one-time (reset) password: the officer may do nothing but change it.
    password_change_required = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())

    org = db.relationship("Organization")

    def set_password(self, password):
        # Production keeps werkzeug's scrypt; the tests configure a cheap method (see config.py).
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    @property
    def name(self):
        return self.display_name or self.username


class LoginThrottle(db.Model):
    """Failed sign-ins per key (username + client address, or client address alone) and the wait
    they earned. Lives in the database so every worker and instance sees it, with or without Redis;
    with Redis up only the locks are kept here (so a Redis outage never lifts one)."""

    __tablename__ = "login_throttles"

    #: HMAC of "officer-login:<username>|<ip>" (or "...ip:<ip>"): no address or name in clear.
    key = sa.Column(sa.String(64), primary_key=True)
    failures = sa.Column(sa.Integer, nullable=False, default=0)
    #: Epoch seconds: when the current counting window began, and until when sign-in must wait.
    window_started = sa.Column(sa.BigInteger, nullable=False, default=0)
    locked_until = sa.Column(sa.BigInteger, nullable=False, default=0)


class StaffBindCode(db.Model):
    """A one-time 6-digit code an officer hands to their own WeChat user to bind it (staff mode)."""

    __tablename__ = "staff_bind_codes"

    id = sa.Column(sa.Integer, primary_key=True)
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"), nullable=False, index=True)
    #: HMAC-SHA256 of the code under the app's secret: a database reader cannot bind with it.
    code_hash = sa.Column(sa.String(64), nullable=False, index=True)
    expires_at = sa.Column(UTCDateTime, nullable=False)
    #: Set when the code bound a user, or when a newer code replaced it: never usable again.
    used_at = sa.Column(UTCDateTime)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
