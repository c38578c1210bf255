"""Small builders for arranging tests, shared by every domain's tests."""
from itertools import count

import sqlalchemy as sa

from app.auth.models import Officer, User
from app.extensions import db
from app.orgs.models import Organization
from app.orgs.services import create_org

PASSWORD = "correct-horse-9"
HELPER_ADMIN = "helper-city-admin"
_serial = count(1)

#: Valid 18-digit ID numbers (GB 11643 check digits), adults in 2026.
ID_NUMBERS = (
    "11010519491231002X",
    "150102199003071237",
    "150104198507150025",
    "150105199212240016",
    "150102198808081243",
    "150203199501015635",
    "150102197805200919",
    "150105199709094560",
    "150104200102037892",
)


def make_org_tree():
    """city → {xincheng, saihan} → federations → grassroots unions; returns name → org."""
    city = create_org("测试市总工会", "city")
    xincheng = create_org("新城区总工会", "district", city)
    saihan = create_org("赛罕区总工会", "district", city)
    xc_street = create_org("海拉尔东路街道工会联合会", "federation", xincheng)
    sh_street = create_org("敕勒川路街道工会联合会", "federation", saihan)
    riders = create_org("美团外卖骑手联合工会", "grassroots", xc_street, subkind="joint")
    couriers = create_org("顺丰速运站工会", "grassroots", xc_street, subkind="enterprise")
    builders = create_org("地铁2号线项目工会", "grassroots", sh_street, subkind="project")
    return {"city": city, "xincheng": xincheng, "saihan": saihan, "xc_street": xc_street,
            "sh_street": sh_street, "riders": riders, "couriers": couriers, "builders": builders}


def make_officer(username, role, org_id, *, station_id=None, password=PASSWORD):
    officer = Officer(username=username, role=role, org_id=org_id, station_id=station_id)
    officer.set_password(password)
    db.session.add(officer)
    db.session.flush()
    return officer


def helper_admin():
    """The city admin that arrangers act as (inside an app context), made once per test."""
    admin = db.session.scalar(sa.select(Officer).where(Officer.username == HELPER_ADMIN))
    if admin is None:
        root = db.session.scalar(sa.select(Organization.id).where(Organization.parent_id.is_(None))
                                 .order_by(Organization.id).limit(1))
        admin = make_officer(HELPER_ADMIN, "city_admin", root)
    return admin


def make_user(name="worker"):
    """A worker user without going through the login endpoint (inside an app context)."""
    user = User(openid=f"test-{name}-{next(_serial)}", nickname=name)
    db.session.add(user)
    db.session.flush()
    return user


def make_workers(app, n, prefix="w"):
    """n worker users and their bearer headers, without n logins: [(user_id, headers)]."""
    from app.auth.tokens import issue_token

    with app.app_context():
        users = [make_user(f"{prefix}{i}") for i in range(n)]
        db.session.commit()
        ttl = app.config["WORKER_TOKEN_TTL_SECONDS"]
        return [(u.id, {"Authorization": f"Bearer {issue_token('worker', {'uid': u.id}, ttl)[0]}"}) for u in users]


def id_number(first17):
    """A well-formed ID number (right check character) from its first 17 digits."""
    from app.personal_data import id_check_char

    return first17 + id_check_char(first17)


def count_rows(app, model, *conditions):
    """Rows of `model` (matching `conditions`), read in a context of its own."""
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def detached(app, model, row_id):
    """A fresh copy of one row, read in a context of its own and usable after it."""
    with app.app_context():
        row = db.session.get(model, row_id)
        db.session.expunge(row)
        return row
