"""Officer roles and the named sets of them that every check uses; nowhere else spells a role tuple."""
from app.errors import Forbidden

CITY_ADMIN = "city_admin"
ORG_ADMIN = "org_admin"
LAWYER = "lawyer"
STATION_STAFF = "station_staff"

#: Every officer role, in the order the screen lists them.
ALL_ROLES = (CITY_ADMIN, ORG_ADMIN, LAWYER, STATION_STAFF)
#: Run the union's business (applications, members, legal aid, campaigns) inside their subtree.
OFFICE = (CITY_ADMIN, ORG_ADMIN)
#: See legal-aid reception days: the office, and lawyers for the days they serve.
LEGAL_AID_VIEWERS = (*OFFICE, LAWYER)
#: Redeem heat-relief pickups and verify cards: the office, and staff at their own station.
STATION_WORKERS = (*OFFICE, STATION_STAFF)
#: Whole-city powers: officer accounts, exports with full ID numbers, the whole audit log.
CITY = (CITY_ADMIN,)

ROLE_LABELS = {CITY_ADMIN: "市总管理员", ORG_ADMIN: "工会管理员", LAWYER: "志愿律师", STATION_STAFF: "驿站工作人员"}


def require_role(actor, roles):
    """The actor, if their role is one of `roles`; otherwise 403 forbidden."""
    if actor is None or getattr(actor, "role", None) not in roles:
        raise Forbidden()
    return actor
