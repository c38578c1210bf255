"""Demo: an open 2026 heat-relief campaign of 呼和浩特市总工会 with stations across the districts.

Idempotent: the campaign, stations, staff account and sign-ups are looked up before creation.
The windows are relative to today, so the demo campaign stays open whenever `make run` is run.
"""
from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import Officer, User
from app.auth.services import create_officer
from app.campaigns.models import Campaign, CampaignSignup, Redemption, Station
from app.campaigns.pickups import new_short_code
from app.extensions import db
from app.membership.models import Member
from app.timeutil import utcnow

CAMPAIGN_NAME = "2026年夏季送清凉"
#: name, district, address, lat (GCJ-02), lng, packs in all (总量), sign-ups (已报名) — a few nearly out.
#: 剩余 = 总量 − 已报名 on every station (tests/campaigns/test_demo.py checks it on the loaded demo).
STATIONS = (
    ("新城区海拉尔东路户外劳动者驿站", "新城区", "新城区海拉尔东路与兴安北路交汇处", 40.8452, 111.6956, 130, 6),
    ("新城区万达广场爱心驿站", "新城区", "新城区新华东街万达广场东门", 40.8270, 111.7250, 13, 10),
    ("回民区中山西路工会驿站", "回民区", "回民区中山西路海亮广场北侧", 40.8175, 111.6500, 90, 3),
    ("回民区钢铁路快递小哥之家", "回民区", "回民区钢铁路与县府街交汇处", 40.8300, 111.6250, 11, 10),
    ("玉泉区大召户外职工驿站", "玉泉区", "玉泉区大召前街大召寺广场西侧", 40.7990, 111.6500, 70, 0),
    ("玉泉区小召前街爱心驿站", "玉泉区", "玉泉区小召前街社区服务中心", 40.8030, 111.6620, 12, 10),
    ("赛罕区敕勒川路货车司机之家", "赛罕区", "赛罕区敕勒川路物流港入口", 40.8000, 111.7300, 160, 2),
    ("赛罕区昭乌达路户外劳动者驿站", "赛罕区", "赛罕区昭乌达路内蒙古大学南门", 40.8080, 111.6950, 100, 0),
    ("赛罕区会展中心网约车司机驿站", "赛罕区", "赛罕区新华东街会展中心停车场", 40.8230, 111.7300, 14, 10),
    ("土默特左旗察素齐镇职工驿站", "土默特左旗", "土默特左旗察素齐镇迎宾路", 40.7300, 111.1400, 50, 0),
    ("托克托县双河镇户外劳动者驿站", "托克托县", "托克托县双河镇云中路", 40.2770, 111.1900, 40, 0),
    ("和林格尔县盛乐经济园区驿站", "和林格尔县", "和林格尔县盛乐经济园区管委会东侧", 40.4000, 111.8200, 60, 0),
)
STAFF_USERNAME = "station1"
DEMO_WORKERS = ("demo-rider-1", "demo-rider-2", "demo-courier-1", "demo-driver-1")


def _campaign(orgs):
    campaign = db.session.scalar(sa.select(Campaign).where(Campaign.name == CAMPAIGN_NAME))
    now = utcnow()
    if campaign is None:
        campaign = Campaign(org=orgs["呼和浩特市总工会"], name=CAMPAIGN_NAME,
                            description="为快递员、外卖骑手、货车司机、环卫工人等户外劳动者送上防暑降温清凉包。",
                            pack_contents=["矿泉水 2 瓶", "凉茶 2 罐", "藿香正气水 1 盒", "清凉油 1 盒", "毛巾 1 条"],
                            eligibility="all_workers", limit_rule="once_per_campaign")
        db.session.add(campaign)
    # Keep the windows open around today (the demo is reloaded on every `make run`).
    campaign.signup_starts_at = min(campaign.signup_starts_at or now, now - timedelta(days=7))
    campaign.signup_ends_at = max(campaign.signup_ends_at or now, now + timedelta(days=30))
    campaign.pickup_starts_at = min(campaign.pickup_starts_at or now, now - timedelta(days=7))
    campaign.pickup_ends_at = max(campaign.pickup_ends_at or now, now + timedelta(days=37))
    db.session.flush()
    return campaign


def _stations(campaign, orgs):
    stations = []
    for index, (name, district, address, lat, lng, total, _) in enumerate(STATIONS):
        station = db.session.scalar(sa.select(Station).where(Station.campaign_id == campaign.id, Station.name == name))
        if station is None:
            station = Station(campaign=campaign, org=orgs[f"{district}总工会"], name=name, address=address,
                              latitude=lat, longitude=lng, opening_hours="每天 8:00-20:00", stock_mode="campaign",
                              stock_total=total, stock_left=total, phone=f"0471-69{61200 + index}")
            db.session.add(station)
        stations.append(station)
    db.session.flush()
    return stations


def _staff(station, password):
    if not db.session.scalar(sa.select(Officer.id).where(Officer.username == STAFF_USERNAME)):
        create_officer(STAFF_USERNAME, password, "station_staff", station.org_id, station_id=station.id,
                       display_name="海拉尔东路驿站工作人员")
    return db.session.scalar(sa.select(Officer).where(Officer.username == STAFF_USERNAME))


def _workers(count):
    """`count` demo workers: the named ones, then the demo members (names on the sign-up list),
    then numbered ones."""
    member_users = db.session.scalars(sa.select(Member.user_id).where(Member.user_id.is_not(None))
                                      .order_by(Member.id)).all()
    users = [_demo_user(openid) for openid in DEMO_WORKERS]
    users += [db.session.get(User, user_id) for user_id in member_users]
    users += [_demo_user(f"demo-worker-{n:02d}", phone=f"1350471{n:04d}") for n in range(max(count - len(users), 0))]
    return users[:count]


def _demo_user(openid, phone=None):
    user = db.session.scalar(sa.select(User).where(User.openid == openid))
    if user is None:
        user = User(openid=openid, nickname=openid, phone=phone)
        db.session.add(user)
        db.session.flush()
    return user


def _signups(campaign, stations, staff):
    """Each station's sign-ups from its own workers; at the staff member's station every other one
    has already picked up. Workers who already signed up (an earlier load) are left as they are."""
    workers = iter(_workers(sum(row[-1] for row in STATIONS)))
    taken = set(db.session.scalars(sa.select(CampaignSignup.user_id).where(CampaignSignup.campaign_id == campaign.id)))
    for station, row in zip(stations, STATIONS, strict=True):
        for index in range(row[-1]):
            user = next(workers)
            if user.id in taken:
                continue
            signup = CampaignSignup(campaign=campaign, station=station, user=user, short_code=new_short_code(),
                                    limit_key="campaign")
            db.session.add(signup)
            db.session.flush()
            if station is stations[0] and index % 2 == 0:
                signup.status, signup.picked_up_at = "picked_up", utcnow()
                db.session.add(Redemption(signup_id=signup.id, station_id=station.id, officer_id=staff.id,
                                          method="short_code", redeemed_at=signup.picked_up_at))


def _settle_stock(stations):
    """剩余 = 总量 − 已报名 (not cancelled), whatever an earlier version of the demo left behind."""
    taken = dict(db.session.execute(
        sa.select(CampaignSignup.station_id, sa.func.count())
        .where(CampaignSignup.station_id.in_([s.id for s in stations]), CampaignSignup.status != "cancelled")
        .group_by(CampaignSignup.station_id)).all())
    for station in stations:
        station.stock_total = max(station.stock_total, taken.get(station.id, 0))
        station.stock_left = station.stock_total - taken.get(station.id, 0)


def load(orgs, password):
    campaign = _campaign(orgs)
    stations = _stations(campaign, orgs)
    staff = _staff(stations[0], password)
    _signups(campaign, stations, staff)
    db.session.flush()
    _settle_stock(stations)
