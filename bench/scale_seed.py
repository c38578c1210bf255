"""Seeding a Hohhot-sized federation on PostgreSQL in bulk, for bench/queue_scale.py.

8,227 grassroots unions (7,798 of them single-employer kinds, 429 joint unions) under street
federations in 9 districts, 400,000 members (each with the approved application that made them),
40,000 pending applications, and 100,000 legal-aid bookings and 送清凉 sign-ups with their sessions,
slots, stations and pick-ups. Rows go in by COPY (members, applications: the blind index of each
synthetic ID number is computed in Python, so a search by ID number looks up a real index) and by
INSERT … SELECT generate_series (everything else): a few minutes at most on 2 cores.

`seed_demo_members` is the small variant bench/worker_paths.py uses: members over the demo tree.
"""
import random
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db

OCCUPATIONS = ("courier", "food_delivery", "truck_driver", "ride_hailing", "domestic_worker", "caregiver",
               "security_guard", "property_agent", "retail_promoter", "other")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力海宁"
REGIONS = ("150102", "150103", "150104", "150105", "150121", "150122", "150123", "150124", "150125")
SUBKINDS = ("enterprise", "project", "building", "street", "platform")
EMPLOYERS = ("美团外卖", "饿了么", "顺丰速运", "中通快递", "滴滴出行", "货拉拉", "家政服务公司", "物业公司")
GRASSROOTS_TOTAL, JOINT_TOTAL = 8227, 429
FEDERATIONS_PER_DISTRICT = 12


def _pg_copy(table, columns, rows):
    """COPY rows (an iterable of tuples) into a table on the session's own connection. The table's
    plain indexes are dropped first and built again after (a sorted build beats 400,000 inserts)."""
    indexes = db.session.execute(sa.text(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i WHERE indrelid = "
        "CAST(:t AS regclass) AND NOT indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid)"), {"t": table}).all()
    for name, _ in indexes:
        _sql(f"DROP INDEX {name}")
    cursor = db.session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    for _, definition in indexes:
        _sql(definition)


def _sql(statement, **params):
    db.session.execute(sa.text(statement), params)


def seed_tree():
    """The demo hierarchy and officers, then street federations and grassroots unions up to 8,227.
    Returns {district id: [grassroots ids]} and the id of the demo's 美团 joint union."""
    from app.demo import load_hierarchy, load_officers
    from app.orgs.models import Organization

    orgs = load_hierarchy()
    load_officers(orgs)
    db.session.flush()
    existing = db.session.execute(sa.select(Organization.id, Organization.kind, Organization.district_id,
                                            Organization.parent_id, Organization.path)).all()
    next_id = max(o.id for o in existing) + 1
    districts = [o for o in existing if o.kind == "district"]
    grassroots = {d.id: [o.id for o in existing if o.kind == "grassroots" and o.district_id == d.id] for d in districts}
    feds = {d.id: [(o.id, o.path) for o in existing if o.kind == "federation" and o.district_id == d.id]
            for d in districts}
    rows, rng = [], random.Random(11)
    for d in districts:
        for n in range(FEDERATIONS_PER_DISTRICT - len(feds[d.id])):
            path = f"{d.path}{next_id}/"
            rows.append((next_id, f"{orgs_name(d.id)}第{n + 1}街道工会联合会", "federation", None, d.id, path, d.id,
                         f"FED{next_id:06d}"))
            feds[d.id].append((next_id, path))
            next_id += 1
    missing = GRASSROOTS_TOTAL - sum(len(v) for v in grassroots.values())
    # Urban districts hold most unions: weights 4,3,3,4 for the four 区, 1 for the five 旗县.
    weights = [4, 3, 3, 4, 1, 1, 1, 1, 1]
    for i in range(missing):
        d = rng.choices(districts, weights)[0]
        fed_id, fed_path = rng.choice(feds[d.id])
        subkind = "joint" if i < JOINT_TOTAL - 5 else SUBKINDS[i % len(SUBKINDS)]
        rows.append((next_id, f"{orgs_name(d.id)}第{next_id}号基层工会", "grassroots", subkind, fed_id,
                     f"{fed_path}{next_id}/", d.id, f"ORG{next_id:06d}"))
        grassroots[d.id].append(next_id)
        next_id += 1
    _pg_copy("organizations", ("id", "name", "kind", "subkind", "parent_id", "path", "district_id", "code"), rows)
    meituan = next(o for o in orgs.values() if o.name == "新城区美团外卖骑手联合工会").id
    return grassroots, meituan


_NAMES = {}


def orgs_name(district_id):
    from app.orgs.models import Organization

    if district_id not in _NAMES:
        _NAMES[district_id] = db.session.get(Organization, district_id).name.removesuffix("总工会")
    return _NAMES[district_id]


def _id_number(rng, i):
    from app.personal_data import id_check_char

    # (birth date, sequence) is unique per i: 7919 is prime to 13140, so i ↦ birth is a bijection mod 13140.
    days = 36 * 365
    birth = date(1966, 1, 1) + timedelta(days=i * 7919 % days)
    first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{i // days % 1000:03d}"
    return first17 + id_check_char(first17), birth


def seed_people(grassroots, meituan, *, members, pending, started):
    """Users, approved applications with their members, pending applications (COPY)."""
    from app.membership.member_no import format_member_no
    from app.personal_data import blind_index, encrypt_text

    rng = random.Random(7)
    total = members + pending
    _sql("INSERT INTO users (id, openid, nickname, created_at) "
         "SELECT i, 'bench-' || i, 'bench' || i, :now FROM generate_series(1, :n) i", now=started, n=total)
    # A few distinct ciphertexts: listing never decrypts, and AES per row would only slow seeding.
    ciphers = [encrypt_text(f"15010219900101{n:03d}X") for n in range(8)]
    unions = [u for ids in grassroots.values() for u in ids]
    # The 美团 riders' joint union is big (the grassroots officer's queue has volume of its own).
    weights = [200 if u == meituan else 1 for u in unions]
    picks = rng.choices(unions, weights, k=total)
    apps, mems, seq_by_year, people = [], [], {}, []
    for i in range(1, total + 1):
        approved = i <= members
        id_number, birth = _id_number(rng, i)
        submitted = started - timedelta(days=rng.randint(30, 5 * 365) if approved else rng.randint(0, 60),
                                        minutes=rng.randint(0, 1440))
        person = (blind_index(id_number), ciphers[i % 8], id_number[-4:], id_number[:6],
                  rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                  f"1{rng.choice('3578')}{rng.randrange(10 ** 9):09d}",
                  rng.choice(("male", "female")), birth, rng.choice(OCCUPATIONS), rng.choice(EMPLOYERS))
        org_id = picks[i - 1]
        apps.append((i, i, "approved" if approved else "pending", org_id, "online", False, "2026-01", submitted,
                     submitted, rng.random() < 0.8, submitted + timedelta(days=1) if approved else None, *person))
        if approved:
            joined = submitted + timedelta(days=1)
            seq_by_year[joined.year] = seq_by_year.get(joined.year, 0) + 1
            mems.append((i, i, org_id, format_member_no(joined.year, seq_by_year[joined.year]), "active", joined,
                         i, *person))
        if approved and i % 997 == 0:
            people.append((i, id_number))
    person_cols = ("person_index", "id_number_encrypted", "id_number_tail", "id_number_region", "name", "phone",
                   "gender", "birth_date", "occupation", "employer")
    _pg_copy("membership_applications", ("id", "user_id", "status", "org_id", "source", "in_pool", "consent_version",
                                         "consented_at", "submitted_at", "is_migrant_worker", "decided_at",
                                         *person_cols), apps)
    _pg_copy("members", ("id", "user_id", "org_id", "member_no", "status", "joined_at", "application_id",
                         *person_cols), mems)
    _sql("UPDATE membership_applications a SET district_id = o.district_id FROM organizations o WHERE o.id = a.org_id")
    _sql("INSERT INTO member_org_links (member_id, org_id, started_at) SELECT id, org_id, joined_at FROM members")
    for year, last in seq_by_year.items():
        _sql("INSERT INTO member_no_counters (year, last_seq) VALUES (:y, :s)", y=year, s=last)
    #: (member id, plain ID number) of every 997th member: the bench searches for them.
    return people


def seed_legal_aid(bookings, started, users):
    """Lawyers on the roster, reception days over two years at district unions, 5 slots of 3 places,
    and `bookings` bookings filling them; past ones carry outcomes and money recovered."""
    sessions = bookings // 15
    _sql("INSERT INTO legal_aid_lawyers (id, name, firm, specialties, org_id, is_active, created_at) "
         "SELECT i, '律师' || i, '内蒙古某律师事务所', '[\"wage_arrears\"]', "
         "(SELECT min(id) FROM organizations WHERE kind = 'city'), true, :now FROM generate_series(1, 40) i",
         now=started)
    _sql("INSERT INTO legal_aid_sessions (id, org_id, date, starts_at, ends_at, place, is_online, status, created_at) "
         "SELECT i, d.ids[1 + i % array_length(d.ids, 1)], (:now)::date - (i % 700) + 30, "
         "  (:now)::date - (i % 700) + 30 + time '01:00', (:now)::date - (i % 700) + 30 + time '04:00', "
         "  '职工服务中心', false, 'scheduled', :now "
         "FROM generate_series(1, :n) i, (SELECT array_agg(id ORDER BY id) ids FROM organizations "
         "WHERE kind = 'district') d", now=started, n=sessions)
    _sql("INSERT INTO legal_aid_slots (id, session_id, starts_at, length_minutes, capacity, booked_count, lawyer_id) "
         "SELECT (s.id - 1) * 5 + k, s.id, s.starts_at + k * interval '30 minutes', 30, 3, 3, 1 + (s.id + k) % 40 "
         "FROM legal_aid_sessions s, generate_series(1, 5) k")
    _sql("INSERT INTO legal_aid_bookings (id, slot_id, session_id, user_id, case_type, description, contact_phone, "
         "  workers_involved, status, outcome, amount_recovered, outcome_workers_involved, created_at, "
         "  outcome_recorded_at) "
         "SELECT b, sl.id, sl.session_id, 1 + (b::bigint * 7919) % :users, "
         "  (ARRAY['wage_arrears','work_injury','labor_contract','social_insurance','labor_relation','other'])[1 + b % 6],"
         "  '拖欠工资', '13800000000', 1 + b % 3, "
         "  CASE WHEN se.date < (:now)::date THEN 'completed' ELSE 'booked' END, "
         "  CASE WHEN se.date < (:now)::date THEN (ARRAY['consulted','mediated','arbitration_referred',"
         "    'litigation_supported','withdrawn'])[1 + b % 5] END, "
         "  CASE WHEN se.date < (:now)::date AND b % 5 = 1 THEN (b % 50) * 100 END, "
         "  CASE WHEN se.date < (:now)::date THEN 1 + b % 3 END, se.starts_at - interval '3 days', "
         "  CASE WHEN se.date < (:now)::date THEN se.ends_at END "
         "FROM generate_series(1, :n) b JOIN legal_aid_slots sl ON sl.id = 1 + (b - 1) / 3 "
         "JOIN legal_aid_sessions se ON se.id = sl.session_id", now=started, n=sessions * 15, users=users)


def seed_campaigns(signups, started, users):
    """Two summers of 送清凉 (last year's closed, this year's open) with 100 stations each at district
    unions, `signups` sign-ups over both; two in three picked up, each with its redemption."""
    _sql("INSERT INTO campaigns (id, org_id, name, pack_contents, signup_starts_at, signup_ends_at, "
         "  pickup_starts_at, pickup_ends_at, eligibility, limit_rule, created_at) "
         "SELECT y, (SELECT min(id) FROM organizations WHERE kind = 'city'), '夏季送清凉 ' || y, '[\"矿泉水\"]', "
         "  :now - (2 - y) * interval '1 year' - interval '10 days', :now - (2 - y) * interval '1 year' + "
         "  interval '20 days', :now - (2 - y) * interval '1 year' - interval '10 days', "
         "  :now - (2 - y) * interval '1 year' + interval '30 days', 'all_workers', 'once_per_campaign', :now "
         "FROM generate_series(1, 2) y", now=started)
    _sql("INSERT INTO stations (id, campaign_id, org_id, name, address, latitude, longitude, stock_mode, "
         "  stock_total, stock_left, is_open, created_at) "
         "SELECT s, 1 + (s - 1) / 100, d.ids[1 + s % array_length(d.ids, 1)], '驿站' || s, '某街道', "
         "  40.8 + s / 10000.0, 111.7 + s / 10000.0, 'campaign', 1000, 1000, true, :now "
         "FROM generate_series(1, 200) s, (SELECT array_agg(id ORDER BY id) ids FROM organizations "
         "WHERE kind = 'district') d", now=started)
    _sql("INSERT INTO campaign_signups (id, campaign_id, station_id, user_id, status, short_code, limit_key, "
         "  created_at, picked_up_at) "
         "SELECT i, 1 + i % 2, 1 + (i % 2) * 100 + i % 100, 1 + (i::bigint * 104729) % :users, "
         "  CASE WHEN i % 3 = 0 THEN 'signed_up' ELSE 'picked_up' END, "
         "  upper(lpad(to_hex(i), 6, '0')), 'campaign', c.signup_starts_at + (i % 20) * interval '1 day', "
         "  CASE WHEN i % 3 <> 0 THEN c.signup_starts_at + (i % 20) * interval '1 day' + interval '2 hours' END "
         "FROM generate_series(1, :n) i JOIN campaigns c ON c.id = 1 + i % 2", n=signups, users=users)
    _sql("UPDATE stations s SET stock_left = s.stock_total - c.n FROM (SELECT station_id, count(*) n "
         "FROM campaign_signups GROUP BY station_id) c WHERE c.station_id = s.id")


def seed_accounts(password, started):
    """One lawyer and one station-staff account beside the demo's city, district and grassroots ones;
    redemptions are credited to the station-staff account."""
    from app.auth.models import Officer
    from app.auth.services import create_officer

    city = db.session.scalar(sa.text("SELECT min(id) FROM organizations WHERE kind = 'city'"))
    create_officer("lawyer1", password, "lawyer", city, display_name="律师1", lawyer_id=1)
    station = db.session.scalar(sa.text("SELECT org_id FROM stations WHERE id = 101"))
    create_officer("station1", password, "station_staff", station, station_id=101, display_name="驿站1")
    db.session.flush()
    staff = db.session.scalar(sa.select(Officer.id).where(Officer.username == "station1"))
    _sql("INSERT INTO redemptions (signup_id, station_id, officer_id, method, redeemed_at) "
         "SELECT id, station_id, :staff, 'short_code', picked_up_at FROM campaign_signups WHERE status = 'picked_up'",
         staff=staff)


def finish_pg():
    """Sequences past the explicit ids, then fresh statistics for the planner."""
    rows = db.session.execute(sa.text(
        "SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE pg_get_serial_sequence(c.relname, a.attname) IS NOT NULL AND c.relkind = 'r' "
        "AND c.relnamespace = 'public'::regnamespace")).all()
    for table, column in rows:
        _sql(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
             f"GREATEST((SELECT max({column}) FROM {table}), 1))")
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def seed_demo_members(members, pending):
    """Members and pending applications over the small demo tree (bench/worker_paths.py)."""
    from app.timeutil import utcnow

    grassroots, meituan = seed_tree_small()
    seed_people(grassroots, meituan, members=members, pending=pending, started=utcnow())
    db.session.commit()
    finish_pg()


def seed_tree_small():
    from app.demo import load_hierarchy, load_officers

    orgs = load_hierarchy()
    load_officers(orgs)
    db.session.flush()
    unions = [o for o in orgs.values() if o.kind == "grassroots"]
    meituan = next(o.id for o in unions if o.name == "新城区美团外卖骑手联合工会")
    return {0: [o.id for o in unions]}, meituan

