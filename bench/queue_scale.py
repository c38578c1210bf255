"""Scale check of the officer screen: 200,000 members and 20,000 pending applications.

Seeds the demo hierarchy (app/demo.py) in a fresh database — a temporary SQLite file, or
BENCH_DATABASE_URL (PostgreSQL) — then signs in through the real form and prints the p95 time
of the applications queue page and the dashboard for a district officer and the city admin.

    .venv/bin/python bench/queue_scale.py [--members 200000] [--pending 20000] [--rounds 30]
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa

from app import create_app
from app.extensions import db

CHUNK = 10_000
OCCUPATIONS = ("courier", "food_delivery", "truck_driver", "ride_hailing", "domestic_worker", "caregiver",
               "security_guard", "property_agent", "retail_promoter", "other")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def make_app():
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='queue-scale-')}/bench.sqlite3"
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "WECHAT_MODE": "offline", "REDIS_URL": None,
                       "LOGIN_MAX_FAILURES": 1000})


def reset_schema():
    from flask_migrate import upgrade

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    upgrade()


def seed(members, pending):
    """Users, approved applications with their members, and pending applications, in bulk."""
    from app.auth.models import User
    from app.demo import load_hierarchy, load_officers
    from app.membership.models import Member, MembershipApplication
    from app.personal_data import encrypt_text
    from app.timeutil import utcnow

    orgs = load_hierarchy()
    load_officers(orgs)
    db.session.commit()
    grassroots = [o.id for o in orgs.values() if o.kind == "grassroots"]
    rng = random.Random(7)
    # One ciphertext for every row: the screen never decrypts while listing, and AES per row
    # would only slow the seeding down.
    cipher = encrypt_text("150102199001010019")
    now = utcnow()
    total = members + pending
    for start in range(0, total, CHUNK):
        ids = range(start + 1, min(start + CHUNK, total) + 1)
        db.session.execute(sa.insert(User), [{"id": i, "openid": f"bench-{i}", "created_at": now} for i in ids])
        apps, mems = [], []
        for i in ids:
            approved = i <= members
            submitted = now - timedelta(days=rng.randint(0 if not approved else 30, 400 if approved else 60),
                                        minutes=rng.randint(0, 1440))
            person = {"person_index": f"{i:064d}", "id_number_encrypted": cipher, "id_number_tail": f"{i % 10000:04d}",
                      "id_number_region": "150102", "name": rng.choice(SURNAMES) + "师傅" + str(i % 97),
                      "phone": f"138{i:08d}", "gender": "male", "birth_date": date(1990, 1, 1),
                      "occupation": rng.choice(OCCUPATIONS), "employer": "美团外卖"}
            org_id = rng.choice(grassroots)
            apps.append({"id": i, "user_id": i, "status": "approved" if approved else "pending", "org_id": org_id,
                         "source": "online", "in_pool": False, "consent_version": "2026-01",
                         "consented_at": submitted, "submitted_at": submitted, "is_migrant_worker": True,
                         "decided_at": submitted + timedelta(days=1) if approved else None, **person})
            if approved:
                mems.append({"id": i, "user_id": i, "org_id": org_id, "member_no": f"HB{i:012d}", "status": "active",
                             "joined_at": submitted + timedelta(days=1), "application_id": i, **person})
        db.session.execute(sa.insert(MembershipApplication), apps)
        if mems:
            db.session.execute(sa.insert(Member), mems)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
            for table in ("users", "membership_applications", "members"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {total})")
    else:
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def signed_in(app, username, password):
    client = app.test_client()
    client.get("/admin/login")
    with client.session_transaction() as session:
        token = session["csrf"]
    response = client.post("/admin/login", data={"csrf_token": token, "username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:200]
    return client


def p95(client, url, rounds):
    client.get(url)  # warm the caches once
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    timings.sort()
    return timings[max(0, round(0.95 * len(timings)) - 1)], statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--pending", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    from app.demo import DEMO_PASSWORD

    app = make_app()
    with app.app_context():
        print(f"database: {db.engine.dialect.name}")
        reset_schema()
        started = time.perf_counter()
        seed(args.members, args.pending)
        print(f"seeded {args.members:,} members and {args.pending:,} pending applications "
              f"in {time.perf_counter() - started:.1f} s")
        db.session.remove()
    pages = {"queue": "/admin/applications", "queue, filtered + searched": "/admin/applications?occupation=courier&q=1234",
             "dashboard": "/admin/"}
    print(f"{'officer':<22}{'page':<30}{'p95 ms':>10}{'median ms':>12}")
    for label, username in (("district (新城区)", "xincheng"), ("city admin", "admin")):
        client = signed_in(app, username, DEMO_PASSWORD)
        for page, url in pages.items():
            worst, median = p95(client, url, args.rounds)
            print(f"{label:<22}{page:<30}{worst:>10.1f}{median:>12.1f}")


if __name__ == "__main__":
    main()
