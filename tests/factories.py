"""Small builders for arranging tests."""
from app.auth.models import Officer
from app.extensions import db
from app.orgs.services import create_org

PASSWORD = "correct-horse-9"

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
