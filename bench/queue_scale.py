"""The officer screen at a whole city's scale, served by gunicorn over PostgreSQL.

    .venv/bin/python bench/queue_scale.py [--members 400000] [--pending 40000] [--rounds 40]

Recreates the database (--db-name, default bench_scale), migrates, seeds a Hohhot-sized federation
(bench/scale_seed.py: 8,227 grassroots unions in 9 districts, 400,000 members, 40,000 pending
applications, 100,000 legal-aid bookings and 送清凉 sign-ups), starts gunicorn on a free loopback
port, signs each kind of officer in through the real form (the API through a bearer token) and
prints the p95 of every page over real HTTP, one request at a time, with GET /healthz measured the
same way in the same run as the yardstick. Searches rotate over members inside each officer's scope.
Targets (issue 17): queue and searches p95 < 30 ms, dashboard and report p95 < 50 ms.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from signup_surge import free_port, percentile, recreate_database, start_gunicorn  # noqa: E402

QUEUE_ORDERS = ("submitted_at", "-submitted_at", "name", "-name")
#: username, what the table calls them
OFFICERS = (("admin", "city admin"), ("xincheng", "district admin"), ("meituan", "grassroots officer"),
            ("lawyer1", "lawyer"), ("station1", "station staff"))
TARGET_MS = {"queue": 30, "search": 30, "dashboard": 50, "report": 50}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=400_000)
    parser.add_argument("--pending", type=int, default=40_000)
    parser.add_argument("--legal-aid", type=int, default=30_000, help="legal-aid bookings")
    parser.add_argument("--signups", type=int, default=70_000, help="送清凉 sign-ups")
    parser.add_argument("--rounds", type=int, default=40, help="requests per page and officer")
    parser.add_argument("--year", type=int, default=None, help="the report's year (default: this year)")
    parser.add_argument("--gunicorn-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--gunicorn-threads", type=int, default=4)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="bench_scale")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (default: drop it)")
    parser.add_argument("--reuse", action="store_true", help="skip seeding: measure an existing --db-name")
    parser.add_argument("--only", default="", help="measure only the lines whose page contains this text")
    return parser.parse_args()


def seed(database_url, args):
    """Seed everything; returns {username: [(member id, ID number, member no, phone) in scope]}."""
    import scale_seed
    import sqlalchemy as sa

    from app import create_app
    from app.demo import DEMO_PASSWORD
    from app.extensions import db
    from app.timeutil import utcnow

    # Seeding holds one transaction open while Python builds the rows: no idle or statement limit.
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": None, "DB_STATEMENT_TIMEOUT_MS": 0,
                      "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS": 0})
    with app.app_context():
        if not args.reuse:
            started, clock = utcnow(), time.perf_counter()
            steps = []

            def step(name, work):
                at = time.perf_counter()
                result = work()
                db.session.commit()
                steps.append(f"{name} {time.perf_counter() - at:.0f} s")
                return result

            grassroots, meituan = step("unions", scale_seed.seed_tree)
            people = step("people", lambda: scale_seed.seed_people(grassroots, meituan, members=args.members,
                                                                   pending=args.pending, started=started))
            step("legal aid", lambda: scale_seed.seed_legal_aid(args.legal_aid, started, args.members))
            step("送清凉", lambda: scale_seed.seed_campaigns(args.signups, started, args.members))
            step("accounts", lambda: scale_seed.seed_accounts(DEMO_PASSWORD, started))
            step("vacuum analyze", scale_seed.finish_pg)
            (ROOT / "instance").mkdir(exist_ok=True)
            (ROOT / "instance" / "bench-scale-people.txt").write_text(
                "\n".join(f"{i} {n}" for i, n in people), encoding="utf-8")
            print(f"seeded in {time.perf_counter() - clock:.0f} s ({', '.join(steps)})")
        people = dict(line.split() for line in
                      (ROOT / "instance" / "bench-scale-people.txt").read_text(encoding="utf-8").splitlines())
        counts = db.session.execute(sa.text(
            "SELECT (SELECT count(*) FROM organizations WHERE kind = 'grassroots'), "
            "(SELECT count(*) FROM organizations WHERE kind = 'federation'), (SELECT count(*) FROM members), "
            "(SELECT count(*) FROM membership_applications WHERE status = 'pending'), "
            "(SELECT count(*) FROM legal_aid_bookings), (SELECT count(*) FROM campaign_signups), "
            "(SELECT count(*) FROM redemptions)")).one()
        print("{:,} grassroots unions, {:,} street federations, {:,} members, {:,} pending applications, "
              "{:,} legal-aid bookings, {:,} 送清凉 sign-ups ({:,} picked up)".format(*counts))
        samples = {}
        for username, _ in OFFICERS:
            rows = db.session.execute(sa.text(
                "SELECT m.id, m.member_no, m.phone FROM members m JOIN organizations o ON o.id = m.org_id "
                "WHERE m.id = ANY(:ids) AND o.path LIKE (SELECT p.path FROM officers f JOIN organizations p "
                "ON p.id = f.org_id WHERE f.username = :u) || '%' ORDER BY m.id"),
                {"ids": [int(i) for i in people], "u": username}).all()
            samples[username] = [(i, people[str(i)], no, phone) for i, no, phone in rows]
        token = issue_token(app, "admin")
        db.session.remove()
    return samples, token


def issue_token(app, username):
    import sqlalchemy as sa

    from app.auth.models import Officer
    from app.auth.services import issue_officer_token
    from app.extensions import db

    officer = db.session.scalar(sa.select(Officer).where(Officer.username == username))
    return issue_officer_token(officer)[0]


def signed_in(base, username, password):
    import requests

    client = requests.Session()
    form = client.get(f"{base}/admin/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post(f"{base}/admin/login", data={"csrf_token": token, "username": username,
                                                         "password": password}, allow_redirects=False)
    assert response.status_code == 302, response.text[:300]
    return client


def measure(client, base, urls, rounds, headers=None):
    """(p95, median, first) in ms over `rounds` requests cycling through `urls`, `first` being the
    untimed-in-p95 opening request (the dashboard and report count their figures afresh there:
    FIGURES_CACHE_SECONDS); (status, None, None) when not 200. Lists made by first_of() measure
    their first URL that answers 200."""
    started = time.perf_counter()
    first = client.get(f"{base}{urls[0]}", headers=headers)  # warms this worker's caches once
    first_ms = (time.perf_counter() - started) * 1000
    if isinstance(urls, FirstOf):
        if first.status_code != 200 and len(urls) > 1:
            return measure(client, base, FirstOf(urls[1:]), rounds, headers)
        urls = urls[:1]
    if first.status_code != 200:
        return first.status_code, None, None
    timings = []
    for n in range(rounds):
        started = time.perf_counter()
        response = client.get(f"{base}{urls[n % len(urls)]}", headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (urls[n % len(urls)], response.status_code, response.text[:300])
    timings.sort()
    return percentile(timings, 95), percentile(timings, 50), first_ms


#: What lawyers and station staff open instead: they have no queue, member list or dashboard.
OWN_PAGES = {"lawyer1": [("home: reception calendar", "dashboard", ["/admin/legal-aid"]),
                         ("outcomes to record", "queue", ["/admin/legal-aid/outcomes"])],
             "station1": [("home: pick-up desk", "dashboard", ["/admin/redeem"])]}


def pages_for(username, samples, year):
    """(page, kind, [urls]) for one officer; the searches rotate over members in their scope."""
    if username in OWN_PAGES:
        return OWN_PAGES[username]
    rng = random.Random(3)
    picked = rng.sample(samples, min(len(samples), 20)) or [(0, "150102199001010019", "HH2026000001X", "0")]
    pages = [(f"queue ({order})", "queue", [f"/admin/applications?sort={order}"]) for order in QUEUE_ORDERS]
    pages += [("queue, page 50 of 100/page", "queue", ["/admin/applications?sort=submitted_at&page=50&per_page=100"]),
              ("members (newest first)", "search", ["/admin/members"]),
              ("member by ID number", "search", [f"/admin/members?q={p[1]}" for p in picked]),
              ("member by member-no prefix", "search", [f"/admin/members?q={p[2][:-3]}" for p in picked]),
              ("member by full phone", "search", [f"/admin/members?q={p[3]}" for p in picked]),
              ("member by phone tail", "search", [f"/admin/members?q={p[3][-4:]}" for p in picked]),
              ("org search (list)", "search", [f"/admin/orgs?q={q}" for q in ("第12", "联合会", "ORG0045", "美团")]),
              ("org search (picker)", "search", [f"/admin/orgs/pick?q={q}" for q in ("第12", "联合会", "ORG0045")]),
              ("dashboard", "dashboard", ["/admin/"]),
              (f"report page {year}", "report", first_of(f"/admin/reports?year={year}",
                                                         f"/admin/reports?from_date={year}-01-01&to_date={year}-12-31",
                                                         "/admin/reports"))]
    return pages


class FirstOf(list):
    """Alternative URLs (the report's query string is whatever its page accepts): measure() uses
    the first that answers 200."""


def first_of(*candidates):
    return FirstOf(candidates)


def main():
    args = parse_args()
    from app.demo import DEMO_PASSWORD
    from app.timeutil import local_now

    year = args.year or local_now().year
    database_url = f"{args.pg}/{args.db_name}"
    print(f"== database {args.db_name}: " + ("migrate" if args.reuse else "recreate, migrate, seed"))
    if not args.reuse:
        recreate_database(args.pg, args.db_name)
    subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                   env={**os.environ, "DATABASE_URL": database_url, "DB_STATEMENT_TIMEOUT_MS": "0"}, check=True,
                   capture_output=True)
    samples, api_token = seed(database_url, args)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"== gunicorn {args.gunicorn_workers} workers x {args.gunicorn_threads} threads on {base}; "
          f"{args.rounds} requests per line, one at a time; {os.cpu_count()} cores shared by all")
    server = start_gunicorn(database_url, port, args)
    results = []
    try:
        import requests

        health = requests.Session()
        healthz = measure(health, base, ["/healthz"], max(200, args.rounds * 5))
        print(f"{'officer':<20}{'page':<34}{'p95 ms':>8}{'median':>8}{'target':>8}{'first':>8}")
        print(f"{'—':<20}{'GET /healthz (yardstick)':<34}{healthz[0]:>8.1f}{healthz[1]:>8.1f}{'':>8}")
        for username, kind in OFFICERS:
            client = signed_in(base, username, DEMO_PASSWORD)
            for page, group, urls in pages_for(username, samples[username], year):
                if args.only not in page:
                    continue
                results.append(report_line(kind, page, group, measure(client, base, urls, args.rounds)))
            if username == "admin" and args.only in "GET /api/v1/admin/stats":
                api = requests.Session()
                headers = {"Authorization": f"Bearer {api_token}"}
                stats = first_of(f"/api/v1/admin/stats?year={year}",
                                 f"/api/v1/admin/stats?from_date={year}-01-01&to_date={year}-12-31",
                                 "/api/v1/admin/stats")
                results.append(report_line(kind, f"GET /api/v1/admin/stats {year}", "report",
                                           measure(api, base, stats, args.rounds, headers)))
        healthz_after = measure(health, base, ["/healthz"], max(200, args.rounds * 5))
        print(f"{'—':<20}{'GET /healthz (after)':<34}{healthz_after[0]:>8.1f}{healthz_after[1]:>8.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            drop_database(args.pg, args.db_name)
    missed = [r for r in results if r]
    print("RESULT:", "every target met" if not missed else f"{len(missed)} lines over target: " + "; ".join(missed))
    return 0


def report_line(kind, page, group, measured):
    """Print one line; return a description when it misses its target."""
    worst, median, first = measured
    if median is None:
        text = "not available" if worst == 404 else ("no access" if worst in (302, 403) else f"HTTP {worst}")
        print(f"{kind:<20}{page:<34}{text:>16}")
        return None
    target = TARGET_MS[group]
    flag = "" if worst < target else "  OVER"
    print(f"{kind:<20}{page:<34}{worst:>8.1f}{median:>8.1f}{'< ' + str(target):>8}{first:>8.1f}{flag}")
    return f"{kind} {page} {worst:.1f} ms" if flag else None


def drop_database(pg, name):
    import psycopg

    with psycopg.connect(pg.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
