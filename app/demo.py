"""Demo data for `make run`: the Hohhot union hierarchy, officers, and each domain's data.

Idempotent: everything is looked up by its natural key before it is created.
"""
import sqlalchemy as sa

from app.auth.models import Officer
from app.auth.services import create_officer
from app.campaigns import demo as campaigns_demo
from app.extensions import db
from app.legal_aid import demo as legal_aid_demo
from app.membership import demo as membership_demo
from app.orgs.models import Organization
from app.orgs.services import create_org

CITY = "呼和浩特市总工会"
DISTRICTS = ("新城区", "回民区", "玉泉区", "赛罕区", "土默特左旗", "托克托县", "和林格尔县", "清水河县", "武川县")
#: district → street federations → grassroots unions (name, subkind)
FEDERATIONS = {
    "新城区": {
        "新城区海拉尔东路街道工会联合会": [("新城区美团外卖骑手联合工会", "joint"),
                                        ("新城区顺丰速运海拉尔东路站工会", "enterprise")],
        "新城区东街街道工会联合会": [("新城区万达广场楼宇工会", "building")],
    },
    "回民区": {"回民区中山西路街道工会联合会": [("回民区中山西路一条街工会", "street"),
                                          ("回民区家政服务业联合工会", "joint")]},
    "玉泉区": {"玉泉区小召前街街道工会联合会": [("玉泉区中通快递驿站工会", "enterprise")]},
    "赛罕区": {
        "赛罕区敕勒川路街道工会联合会": [("赛罕区地铁2号线建设项目工会", "project"),
                                      ("赛罕区货车司机之家联合工会", "joint")],
        "赛罕区昭乌达路街道工会联合会": [("呼和浩特网约车平台工会", "platform")],
    },
    "土默特左旗": {"土默特左旗察素齐镇工会联合会": [("土默特左旗物流园区联合工会", "joint")]},
}
#: username, role, org name, display name — the demo password for all is DEMO_PASSWORD.
OFFICERS = (
    ("admin", "city_admin", CITY, "市总管理员"),
    ("xincheng", "org_admin", "新城区总工会", "新城区总工会干部"),
    ("saihan", "org_admin", "赛罕区总工会", "赛罕区总工会干部"),
    ("meituan", "org_admin", "新城区美团外卖骑手联合工会", "骑手工会主席"),
)
DEMO_PASSWORD = "demo-pass-2026"
#: Each domain's demo loader, in the order they build on each other.
DOMAIN_LOADERS = {"membership": membership_demo, "legal_aid": legal_aid_demo, "campaigns": campaigns_demo}


def _org(name, kind, parent=None, subkind=None):
    org = db.session.scalar(sa.select(Organization).where(Organization.name == name))
    return org or create_org(name, kind, parent, subkind=subkind)


def load_hierarchy():
    city = _org(CITY, "city")
    orgs = {CITY: city}
    for district_name in DISTRICTS:
        district = _org(f"{district_name}总工会", "district", city)
        orgs[district.name] = district
        for fed_name, unions in FEDERATIONS.get(district_name, {}).items():
            federation = _org(fed_name, "federation", district)
            orgs[fed_name] = federation
            for union_name, subkind in unions:
                orgs[union_name] = _org(union_name, "grassroots", federation, subkind)
    return orgs


def load_officers(orgs):
    for username, role, org_name, display_name in OFFICERS:
        if not db.session.scalar(sa.select(Officer.id).where(Officer.username == username)):
            create_officer(username, DEMO_PASSWORD, role, orgs[org_name].id, display_name=display_name)


def load_demo(echo=print):
    orgs = load_hierarchy()
    load_officers(orgs)
    db.session.flush()
    for domain, loader in DOMAIN_LOADERS.items():
        loader.load(orgs, DEMO_PASSWORD)
        db.session.flush()
        echo(f"  {domain}: 已加载")
    officers = db.session.scalar(sa.select(sa.func.count()).select_from(Officer))
    return f"{len(orgs)} 个工会组织，{officers} 个工作人员账号（演示密码 {DEMO_PASSWORD}）"
