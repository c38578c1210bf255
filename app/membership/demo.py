"""Demo membership: enrollment points, members (some joined by worksite QR), pending, rejected and
holding-pool applications, and a pending transfer, so `make run` shows a living system.
Safe to run again: every worker is looked up by their offline-login openid first."""
import sqlalchemy as sa

from app.auth.models import Officer, User
from app.extensions import db
from app.membership import services
from app.membership.models import EnrollmentPoint, MembershipApplication
from app.personal_data import id_check_char
from app.wechat import OfflineWeChat

#: union name, point name, kind
POINTS = (
    ("新城区美团外卖骑手联合工会", "美团外卖海拉尔东路配送站", "worksite"),
    ("新城区顺丰速运海拉尔东路站工会", "顺丰海拉尔东路营业部", "station"),
)
#: login name (mini-program offline code dev:<name>), name, birth date, occupation, employer,
#: where (union name, or "point:<index>", or "pool:<district>"), what happens
PEOPLE = (
    ("zhangwei", "张伟", "19900307", "food_delivery", "美团外卖", "point:0", "approved"),
    ("liuyang", "刘洋", "19880512", "food_delivery", "美团外卖", "point:0", "approved"),
    ("wangfang", "王芳", "19920821", "domestic_worker", "回民区家政服务公司", "回民区家政服务业联合工会", "approved"),
    ("bateer", "巴特尔", "19850114", "truck_driver", "个体货运", "赛罕区货车司机之家联合工会", "approved"),
    ("lijing", "李静", "19950630", "ride_hailing", "滴滴出行", "呼和浩特网约车平台工会", "approved"),
    ("zhaolei", "赵磊", "19930218", "courier", "顺丰速运", "point:1", "transfer"),
    ("sunli", "孙丽", "19970909", "courier", "顺丰速运", "point:1", "pending"),
    ("zhouqiang", "周强", "19910403", "security_guard", "万达物业", "新城区万达广场楼宇工会", "pending"),
    ("wuna", "吴娜", "19890725", "caregiver", "玉泉区康养中心", "玉泉区中通快递驿站工会", "rejected"),
    ("hemin", "何敏", "19940116", "retail_promoter", "自由职业", "pool:新城区总工会", "pending"),
)
TRANSFER_TO = "赛罕区货车司机之家联合工会"


def _demo_id_number(birth, seq):
    first17 = f"150102{birth}{seq:03d}"
    return first17 + id_check_char(first17)


def _user(login_name, seq):
    openid = OfflineWeChat().code_to_session(f"dev:{login_name}")["openid"]
    user = db.session.scalar(sa.select(User).where(User.openid == openid))
    if user is None:
        user = User(openid=openid, nickname=login_name, phone=f"1390471{seq:04d}")
        db.session.add(user)
        db.session.flush()
    return user


def _points(orgs, admin):
    points = []
    for union, name, kind in POINTS:
        point = db.session.scalar(sa.select(EnrollmentPoint).where(EnrollmentPoint.name == name))
        points.append(point or services.create_enrollment_point(admin, orgs[union].id, name, kind))
    return points


def _destination(where, orgs, points):
    if where.startswith("point:"):
        return {"scene": points[int(where[6:])].scene}
    if where.startswith("pool:"):
        return {"district_org_id": orgs[where[5:]].id}
    return {"org_id": orgs[where].id}


def load(orgs, _password):
    admin = db.session.scalar(sa.select(Officer).where(Officer.username == "admin"))
    points = _points(orgs, admin)
    for seq, (login_name, name, birth, occupation, employer, where, outcome) in enumerate(PEOPLE, start=1):
        user = _user(login_name, seq)
        if db.session.scalar(sa.select(MembershipApplication.id).where(MembershipApplication.user_id == user.id)):
            continue
        application = services.submit_application(user, {
            "name": name, "id_number": _demo_id_number(birth, seq * 2 + 1), "phone": user.phone,
            "occupation": occupation, "employer": employer, "ethnicity": "蒙古族" if name == "巴特尔" else "汉族",
            "household_type": "rural", "is_migrant_worker": True, "consent_version": "2026-01",
            **_destination(where, orgs, points)})
        if outcome in ("approved", "transfer"):
            services.approve_application(admin, application.id)
        elif outcome == "rejected":
            services.reject_application(admin, application.id, "工作单位与所选工会不符，请选择所在区县的工会后重新提交")
        if outcome == "transfer":
            services.request_transfer(user, orgs[TRANSFER_TO].id, "换到货运公司开车，申请转到货车司机之家联合工会")
    db.session.flush()
