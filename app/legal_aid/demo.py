"""Demo legal aid: a lawyer team, reception days over the next weeks (some slots full), and past
days with outcomes so the stats endpoint shows real numbers. Safe to run again."""
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.auth.models import Officer, User
from app.auth.services import create_officer
from app.extensions import db
from app.legal_aid.models import Lawyer, LegalAidBooking, LegalAidSession
from app.legal_aid.services import new_session
from app.timeutil import SHANGHAI, local_now
from app.wechat import OfflineWeChat

#: name, firm, specialties, phone
LAWYERS = (
    ("张海峰", "内蒙古青城律师事务所", ["wage_arrears", "labor_contract"], "13947100001"),
    ("其其格", "内蒙古敕勒川律师事务所", ["work_injury", "social_insurance"], "13947100002"),
    ("李文静", "呼和浩特昭君律师事务所", ["labor_relation", "labor_contract"], "13947100003"),
    ("王志刚", "内蒙古大召律师事务所", ["wage_arrears", "work_injury"], "13947100004"),
    ("赵丽娜", "内蒙古北疆律师事务所", ["social_insurance", "other"], "13947100005"),
    ("巴特尔", "呼和浩特塞上律师事务所", ["labor_relation", "wage_arrears"], "13947100006"),
)
LAWYER_OFFICER = "lawyer1"
WORKERS = 24
#: host org, ISO weekday, place
HOSTS = (
    ("呼和浩特市总工会", 4, "呼和浩特市职工服务中心一楼法律援助窗口（新华大街）"),
    ("新城区总工会", 2, "新城区职工服务站（海拉尔东路）"),
    ("赛罕区总工会", 3, "赛罕区职工之家二楼（敕勒川路）"),
)
UPCOMING_WEEKS, PAST_WEEKS = 4, 10
DESCRIPTIONS = {
    "wage_arrears": ["工地包工头拖欠三个月工资共一万八千元", "配送站停业，骑手最后两个月工资未结清"],
    "work_injury": ["送餐途中被撞骨折，平台称不是员工不认工伤", "搬运时腰部受伤，公司拒绝申报工伤"],
    "labor_contract": ["干了两年一直没签劳动合同，想要二倍工资", "公司单方面调岗降薪后辞退"],
    "social_insurance": ["公司一直没给缴社保，想补缴", "离职后公司不给办理社保转移"],
    "labor_relation": ["跑网约车被平台封号，想确认劳动关系", "家政公司说我是合作关系不是员工"],
    "other": ["想咨询竞业限制条款是否有效", "押金被扣，不知道找谁"],
}
#: outcome → (weight, lowest, highest amount in yuan)
OUTCOME_PLAN = {"consulted": (5, 0, 0), "mediated": (4, 500, 6000), "arbitration_referred": (2, 0, 3000),
                "litigation_supported": (1, 5000, 20000), "withdrawn": (1, 0, 0)}


def _lawyers(orgs, password):
    team = []
    for name, firm, specialties, phone in LAWYERS:
        lawyer = db.session.scalar(sa.select(Lawyer).where(Lawyer.name == name, Lawyer.firm == firm))
        if lawyer is None:
            lawyer = Lawyer(name=name, firm=firm, specialties=specialties, phone=phone, is_active=True,
                            org_id=orgs["呼和浩特市总工会"].id)
            db.session.add(lawyer)
        team.append(lawyer)
    officer = db.session.scalar(sa.select(Officer).where(Officer.username == LAWYER_OFFICER))
    if officer is None:
        officer = create_officer(LAWYER_OFFICER, password, "lawyer", orgs["呼和浩特市总工会"].id,
                                 display_name=f"{team[0].name}律师")
    team[0].officer_id = officer.id
    db.session.flush()
    return team


def _workers():
    """dev-worker-N: the users the offline stand-in signs in for code `dev:dev-worker-N`."""
    gateway, users = OfflineWeChat(), []
    for n in range(1, WORKERS + 1):
        name = f"dev-worker-{n}"
        openid = gateway.code_to_session(f"dev:{name}")["openid"]
        user = db.session.scalar(sa.select(User).where(User.openid == openid))
        if user is None:
            user = User(openid=openid, nickname=name, phone=f"1380471{n:04d}")
            db.session.add(user)
        users.append(user)
    db.session.flush()
    return users


def _day(weekday, weeks_from_now):
    today = local_now().date()
    return today + timedelta(days=(weekday - 1 - today.weekday()) % 7 + 7 * weeks_from_now)


def _session(org, day, place, team, rng, *, online=False, first=None):
    frame = {"start_time": time(14), "end_time": time(17), "place": place, "is_online": online,
             "online_url": "https://meeting.tencent.com/dm/hhht-legal-aid" if online else None}
    first = rng.randrange(len(team)) if first is None else first
    plan = [(_at(day, 14, 20 * i), 20, 1,
             team[(first + i // 3) % len(team)]) for i in range(9)]
    return new_session(org, day, frame, plan)


def _at(day, hour, minutes):
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI) + timedelta(minutes=minutes)


def _book(slot, user, rng, **extra):
    case_type = rng.choice(list(DESCRIPTIONS))
    booking = LegalAidBooking(slot=slot, session_id=slot.session.id, user_id=user.id, case_type=case_type,
                              description=rng.choice(DESCRIPTIONS[case_type]), contact_phone=user.phone,
                              workers_involved=rng.choice((1, 1, 1, 2, 3, 6)), **extra)
    slot.booked_count += 1
    db.session.add(booking)
    return booking


def _close(booking, rng):
    outcomes = list(OUTCOME_PLAN)
    outcome = rng.choices(outcomes, weights=[OUTCOME_PLAN[o][0] for o in outcomes])[0]
    _, low, high = OUTCOME_PLAN[outcome]
    booking.status, booking.outcome = "completed", outcome
    booking.amount_recovered = Decimal(rng.randrange(low, high + 1, 100) if high else 0).quantize(Decimal("0.01"))
    booking.outcome_workers_involved = booking.workers_involved + rng.choice((0, 0, 1, 3))
    booking.outcome_recorded_at = booking.slot.ends_at
    booking.checked_in_at = booking.slot.starts_at


def load(orgs, password):
    team = _lawyers(orgs, password)
    users = _workers()
    hosts = [(orgs[name], weekday, place) for name, weekday, place in HOSTS]
    if db.session.scalar(sa.select(LegalAidSession.id).where(
            LegalAidSession.org_id.in_([org.id for org, _, _ in hosts])).limit(1)) is not None:
        return  # already loaded
    rng = random.Random(20260704)
    for week in range(1, UPCOMING_WEEKS + 1):
        for index, (org, weekday, place) in enumerate(hosts):
            # The city's first two reception days open with lawyer1's own slots, so that demo account
            # has a roster to work with.
            session = _session(org, _day(weekday, week), place, team, rng, online=(week == 3 and index == 0),
                               first=0 if week <= 2 and index == 0 else None)
            # The first two weeks are popular: the early slots are full.
            taken = {1: 5, 2: 3}.get(week, 1)
            for slot, user in zip(session.slots[:taken], rng.sample(users, taken), strict=False):
                _book(slot, user, rng, status="booked")
    for week in range(1, PAST_WEEKS + 1):
        for index, (org, weekday, place) in enumerate(hosts):
            session = _session(org, _day(weekday, -week), place, team, rng,
                               first=0 if week <= 2 and index == 0 else None)
            count = rng.randint(3, 6)
            for slot, user in zip(session.slots[:count], rng.sample(users, count), strict=False):
                booking = _book(slot, user, rng, status="booked")
                if rng.random() < 0.12:
                    booking.status = "no_show"
                else:
                    _close(booking, rng)
    db.session.flush()
