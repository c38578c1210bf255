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


# --- rows built directly, for lists of many (tests/test_statement_counts.py) ------------------------
# Each builder adds one row with everything a list shows of it, without the services' checks and
# audit entries (those are tested elsewhere) and without hashing a password per officer.

_PASSWORD_HASH = []


def _password_hash():
    if not _PASSWORD_HASH:
        from werkzeug.security import generate_password_hash

        _PASSWORD_HASH.append(generate_password_hash(PASSWORD))
    return _PASSWORD_HASH[0]


def make_officer_fast(username, role, org_id, *, display_name=None, station_id=None):
    """An officer whose password is PASSWORD, hashed once per run rather than once per account."""
    officer = Officer(username=username, role=role, org_id=org_id, station_id=station_id,
                      display_name=display_name, password_hash=_password_hash())
    db.session.add(officer)
    db.session.flush()
    return officer


def make_worker(name, *, phone="13800000000"):
    from app.auth.models import User

    user = User(openid=f"factory-{name}", nickname=name, phone=phone)
    db.session.add(user)
    db.session.flush()
    return user


def make_point(org_id, name, *, kind="worksite"):
    import secrets

    from app.membership.models import EnrollmentPoint

    point = EnrollmentPoint(org_id=org_id, name=name, kind=kind, scene=secrets.token_urlsafe(12))
    db.session.add(point)
    db.session.flush()
    return point


def valid_id_number(serial):
    """A distinct valid ID number for each serial (born 1990, region 150102)."""
    from app.personal_data import id_check_char

    first17 = f"150102199001{(serial % 28) + 1:02d}{serial // 28 % 1000:03d}"
    return first17 + id_check_char(first17)


def _personal(record, serial, name, org_id):
    from app.personal_data import blind_index, encrypt_text

    number = valid_id_number(serial)
    record.person_index, record.id_number_encrypted = blind_index(number), encrypt_text(number)
    record.id_number_region, record.id_number_tail = number[:6], number[-4:]
    record.name, record.phone, record.gender = name, f"138{serial:08d}", "male"
    from datetime import date

    record.birth_date, record.occupation, record.employer, record.org_id = (
        date(1990, 1, 1), "food_delivery", "美团外卖", org_id)
    return record


def make_application(user_id, org_id, serial, *, name="王建国", status="pending", point_id=None,
                     events=(("submitted", None),)):
    """An application of `user_id` with its timeline: events are (event, actor_officer_id)."""
    from app.membership.models import ApplicationEvent, MembershipApplication
    from app.timeutil import utcnow

    application = _personal(MembershipApplication(user_id=user_id, status=status, point_id=point_id,
                                                  source="point" if point_id else "online",
                                                  consent_version="2026-01", consented_at=utcnow()),
                            serial, name, org_id)
    db.session.add(application)
    db.session.flush()
    for event, officer_id in events:
        db.session.add(ApplicationEvent(application_id=application.id, event=event, actor_officer_id=officer_id))
    return application


def make_member_row(user_id, org_id, serial, *, name="李卫东", point_id=None):
    """An approved application and its member (with the first org link)."""
    from app.membership.member_no import format_member_no
    from app.membership.models import Member, MemberOrgLink

    application = make_application(user_id, org_id, serial, name=name, status="approved", point_id=point_id)
    member = _personal(Member(user_id=user_id, application_id=application.id, source_point_id=point_id,
                              member_no=format_member_no(2026, serial)), serial, name, org_id)
    db.session.add(member)
    db.session.flush()
    db.session.add(MemberOrgLink(member_id=member.id, org_id=org_id))
    return member


def make_transfer(member_id, from_org_id, to_org_id, *, status="pending"):
    from app.membership.models import Transfer

    transfer = Transfer(member_id=member_id, from_org_id=from_org_id, to_org_id=to_org_id, status=status,
                        reason="换了工作单位", reject_reason="材料不全" if status == "rejected" else None)
    db.session.add(transfer)
    db.session.flush()
    return transfer


def make_campaign(org_id, name):
    """An open heat-relief campaign (sign-up and pickup windows around now)."""
    from datetime import timedelta

    from app.campaigns.models import Campaign
    from app.timeutil import utcnow

    now = utcnow()
    campaign = Campaign(org_id=org_id, name=name, pack_contents=["矿泉水", "凉茶"],
                        signup_starts_at=now - timedelta(days=1), signup_ends_at=now + timedelta(days=10),
                        pickup_starts_at=now - timedelta(days=1), pickup_ends_at=now + timedelta(days=12))
    db.session.add(campaign)
    db.session.flush()
    return campaign


def make_station(campaign_id, org_id, name, *, stock=100, lat=40.84, lng=111.75):
    from app.campaigns.models import Station

    station = Station(campaign_id=campaign_id, org_id=org_id, name=name, address=f"{name}（测试地址）",
                      latitude=lat, longitude=lng, opening_hours="每天 9:00-18:00", stock_total=stock,
                      stock_left=stock)
    db.session.add(station)
    db.session.flush()
    return station


def make_signup(campaign_id, station_id, user_id, short_code, *, redeemed_by=None):
    """A sign-up; with `redeemed_by` (an officer id) picked up and its redemption logged."""
    from app.campaigns.models import CampaignSignup, Redemption
    from app.timeutil import utcnow

    signup = CampaignSignup(campaign_id=campaign_id, station_id=station_id, user_id=user_id,
                            short_code=short_code, limit_key="campaign",
                            status="picked_up" if redeemed_by else "signed_up",
                            picked_up_at=utcnow() if redeemed_by else None)
    db.session.add(signup)
    db.session.flush()
    if redeemed_by:
        db.session.add(Redemption(signup_id=signup.id, station_id=station_id, officer_id=redeemed_by,
                                  method="short_code"))
    return signup


def make_lawyer_row(org_id, name, *, officer_id=None):
    from app.legal_aid.models import Lawyer

    lawyer = Lawyer(name=name, firm="内蒙古正义律师事务所", specialties=["wage_arrears"], phone="13900000000",
                    org_id=org_id, officer_id=officer_id)
    db.session.add(lawyer)
    db.session.flush()
    return lawyer


def make_legal_aid_session(org_id, day, lawyers, *, place="职工服务中心三楼"):
    """A reception day from 14:00 with one 20-minute slot (capacity 5) per lawyer in `lawyers`."""
    from datetime import datetime, time, timedelta

    from app.legal_aid.models import LegalAidSession, LegalAidSlot
    from app.timeutil import local_now

    start = datetime.combine(day, time(14, 0), tzinfo=local_now().tzinfo)
    session = LegalAidSession(org_id=org_id, date=day, starts_at=start,
                              ends_at=start + timedelta(minutes=20 * max(len(lawyers), 1)), place=place)
    session.slots = [LegalAidSlot(starts_at=start + timedelta(minutes=20 * i), length_minutes=20, capacity=5,
                                  lawyer_id=lawyer.id) for i, lawyer in enumerate(lawyers)]
    db.session.add(session)
    db.session.flush()
    return session


def make_booking(slot, user_id, contact_name=None):
    from app.legal_aid.models import LegalAidBooking

    slot.booked_count += 1
    booking = LegalAidBooking(slot_id=slot.id, session_id=slot.session_id, user_id=user_id,
                              case_type="wage_arrears", description="工地拖欠三个月工资",
                              contact_phone="13812345678", contact_name=contact_name)
    db.session.add(booking)
    db.session.flush()
    return booking


def make_audit_entry(action, officer_id, org_id, target_id):
    from app.audit.models import AuditEntry

    entry = AuditEntry(action=action, actor_officer_id=officer_id, org_id=org_id, target_type="Member",
                       target_id=target_id, from_state="active", to_state="suspended", reason="测试")
    db.session.add(entry)
    return entry
