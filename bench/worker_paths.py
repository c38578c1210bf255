"""The worker paths that a campaign or a busy reception week puts under load, in one run against
gunicorn + PostgreSQL, with GET /healthz as the yardstick: heat-relief sign-ups, legal-aid
bookings and member-card checks by station staff. The figures behind docs/capacity.md.

    .venv/bin/python bench/worker_paths.py --workers-n 2000

Creates a fresh database (dropped and recreated), migrates, seeds N workers who are members with
a card, an open campaign with enough stock, reception days with enough places, then measures each
phase from one lean load-generator process (bench/signup_surge.py's). For each phase it also reads
PostgreSQL's own counters (pg_stat_database) to give the database work per request.
Rate limits are switched off here: this measures what an instance can do, not what one address may.
"""
import argparse
import json
import math
import os
import subprocess
import sys
from datetime import datetime, timedelta
from datetime import time as day_time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from signup_surge import free_port, percentile, recreate_database, run_phase, start_gunicorn  # noqa: E402

PG_COUNTERS = ("xact_commit", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "blks_hit", "blks_read")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers-n", type=int, default=2000, help="workers (one request each per phase)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--load-procs", type=int, default=1)
    parser.add_argument("--healthz-n", type=int, default=6000)
    parser.add_argument("--gunicorn-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="bench_paths")
    return parser.parse_args()


def seed(database_url, n):
    """Members with cards, a campaign with stock for all, reception days with a place for all."""
    import sqlalchemy as sa
    from scale_seed import seed_demo_members as seed_members

    from app import create_app
    from app.auth.models import Officer
    from app.auth.services import issue_officer_token
    from app.campaigns.models import Campaign, Station
    from app.cards.models import MemberCard
    from app.extensions import db
    from app.legal_aid.services import new_session
    from app.membership.models import Member
    from app.orgs.models import Organization
    from app.timeutil import SHANGHAI, local_now, utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": None})
    with app.app_context():
        seed_members(n, 0)
        city = db.session.scalar(sa.select(Organization).where(Organization.parent_id.is_(None)))
        now = utcnow()
        db.session.execute(sa.insert(MemberCard), [{"member_id": i, "issued_at": now, "version": 1}
                                                   for i in db.session.scalars(sa.select(Member.id))])
        campaign = Campaign(org=city, name="压测：夏季送清凉", pack_contents=["矿泉水"], eligibility="all_workers",
                            signup_starts_at=now - timedelta(days=1), signup_ends_at=now + timedelta(days=1),
                            pickup_starts_at=now - timedelta(days=1), pickup_ends_at=now + timedelta(days=2),
                            limit_rule="once_per_campaign")
        per_station = math.ceil(n / 20)
        stations = [Station(campaign=campaign, org=city, name=f"压测驿站{i:02d}", address="测试地址",
                            latitude=40.8 + i / 1000, longitude=111.7 + i / 1000, stock_mode="campaign",
                            stock_total=per_station, stock_left=per_station) for i in range(20)]
        db.session.add_all([campaign, *stations])
        # Reception days: 18 slots of 10 places each; as many days as the workers need. Worker i books
        # slot i mod slots, so consecutive requests take different slots (as real traffic spreads).
        slot_ids, day = [], local_now().date() + timedelta(days=3)
        for d in range(math.ceil(n / 180)):
            plan = [(datetime.combine(day + timedelta(days=d), day_time(9 + s // 3, s % 3 * 20), tzinfo=SHANGHAI),
                     20, 10, None) for s in range(18)]
            session = new_session(city, day + timedelta(days=d),
                                  {"start_time": day_time(9), "end_time": day_time(15), "place": "职工服务中心"}, plan)
            slot_ids += [slot.id for slot in session.slots]
        staff = Officer(username="bench-staff", role="city_admin", org_id=city.id)
        staff.set_password("bench-password")
        db.session.add(staff)
        db.session.commit()
        from app.auth.tokens import issue_token

        ttl = app.config["WORKER_TOKEN_TTL_SECONDS"]
        workers = [issue_token("worker", {"uid": i}, ttl)[0] for i in range(1, n + 1)]
        officer_token = issue_officer_token(staff)[0]
        cards = db.session.execute(sa.select(MemberCard.id, MemberCard.version).order_by(MemberCard.id)).all()
        return app, campaign.id, [s.id for s in stations], slot_ids, workers, officer_token, cards


def pg_counters(database_url):
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(sa.text(f"SELECT {', '.join(PG_COUNTERS)} FROM pg_stat_database "
                                   "WHERE datname = current_database()")).one()
    engine.dispose()
    return dict(zip(PG_COUNTERS, row, strict=False))


def measured(port, database_url, requests, args):
    """run_phase plus PostgreSQL's counters over the phase (the stats collector lags ~0.5 s)."""
    import time

    before = pg_counters(database_url)
    elapsed, latencies, statuses = run_phase(port, requests, args)
    time.sleep(1.0)
    after = pg_counters(database_url)
    per_request = {key: (after[key] - before[key]) / max(1, len(requests)) for key in PG_COUNTERS}
    return elapsed, latencies, statuses, per_request


def main():
    args = parse_args()
    database_url = f"{args.pg}/{args.db_name}"
    n = args.workers_n
    print(f"== database {args.db_name}: recreate, migrate, seed {n} member workers")
    recreate_database(args.pg, args.db_name)
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    app, campaign_id, stations, slots, workers, officer_token, cards = seed(database_url, n)
    os.environ["RATELIMIT_ENABLED"] = "0"
    port = free_port()
    print(f"== gunicorn {args.gunicorn_workers} workers x {args.gunicorn_threads} threads on 127.0.0.1:{port}; "
          f"{args.concurrency} connections; {os.cpu_count()} cores shared by load, gunicorn and PostgreSQL")
    server = start_gunicorn(database_url, port, args)
    results = []
    try:
        health = [("GET", "/healthz", None, None)] * args.healthz_n
        run_phase(port, health[:500], args)  # warm-up
        results.append(("GET /healthz", 200, *measured(port, database_url, health, args)))
        signups = [("POST", f"/api/v1/campaigns/{campaign_id}/signups",
                    json.dumps({"station_id": stations[i % len(stations)]}), token) for i, token in enumerate(workers)]
        results.append(("POST sign-up", 201, *measured(port, database_url, signups, args)))
        bookings = [("POST", "/api/v1/legal-aid/bookings", json.dumps({
            "slot_id": slots[i % len(slots)], "case_type": "wage_arrears", "description": "压测：讨要工资",
            "contact_phone": "13812345678"}), token) for i, token in enumerate(workers)]
        results.append(("POST booking", 201, *measured(port, database_url, bookings, args)))
        with app.app_context():  # card QR tokens live 60 s: sign them just before the phase
            from app.signing import sign_token

            tokens = [sign_token("card", f"{card_id}.{version}")[0] for card_id, version in cards]
        checks = [("POST", "/api/v1/admin/cards/verify", json.dumps({"token": token}), officer_token)
                  for token in tokens]
        results.append(("POST card check", 200, *measured(port, database_url, checks, args)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results)


def report(results):
    healthz_rate = None
    print()
    print(f"{'':<18}{'requests':>9}{'ok/s':>8}{'vs healthz':>11}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          f"{'pg xact':>9}{'pg rows read':>13}{'pg rows written':>16}{'errors':>8}")
    failed = False
    for name, ok_status, elapsed, latencies, statuses, pg in results:
        ok = statuses.get(ok_status, 0)
        rate = ok / elapsed
        healthz_rate = healthz_rate or rate
        errors = sum(count for status, count in statuses.items() if status != ok_status)
        failed |= errors > 0
        ms = [percentile(latencies, p) * 1000 for p in (50, 95, 99)]
        read = pg["tup_returned"] + pg["tup_fetched"]
        written = pg["tup_inserted"] + pg["tup_updated"]
        print(f"{name:<18}{len(latencies):>9}{rate:>8.0f}{rate / healthz_rate:>11.0%}{ms[0]:>8.1f}{ms[1]:>8.1f}"
              f"{ms[2]:>8.1f}{pg['xact_commit']:>9.1f}{read:>13.1f}{written:>16.1f}{errors:>8}")
        if errors:
            print(f"   statuses: {statuses}")
    print("RESULT:", "FAILED (errors above)" if failed else "all requests answered as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
