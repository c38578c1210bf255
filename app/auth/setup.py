"""First start: the city federation and its first city admin, on an empty database (`flask setup`)."""
import sqlalchemy as sa

from app.audit.services import record_audit
from app.auth import roles
from app.auth.passwords import one_time_password
from app.auth.services import create_officer
from app.errors import Conflict
from app.extensions import db
from app.orgs.models import Organization
from app.orgs.services import create_org


class FederationExists(Conflict):
    code, message = "federation_exists", "数据库中已有市总工会，不能再次初始化"


def set_up_federation(org_name, admin_username, *, org_code=None, password=None):
    """→ (federation, admin, password). Without `password` one is generated; either way the admin must
    change it at first sign-in. Refused when the tree already has its root."""
    if db.session.scalar(sa.select(Organization.id).where(Organization.parent_id.is_(None)).limit(1)):
        raise FederationExists()
    password = password or one_time_password()
    federation = create_org(org_name, "city", code=org_code)
    admin = create_officer(admin_username, password, roles.CITY_ADMIN, federation.id, must_change=True,
                           display_name="市总管理员")
    record_audit("federation.set_up", target=federation, org_id=federation.id, to_state=federation.code,
                 admin=admin.username)
    return federation, admin, password
