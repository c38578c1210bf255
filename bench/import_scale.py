"""Scale check of the going-live imports: the union tree (10,000 rows) and the roster (50,000 rows).

In a fresh database — a temporary SQLite file, or BENCH_DATABASE_URL (PostgreSQL; its schema is
dropped and rebuilt) — runs `flask setup`, then `flask orgs import` of a generated .xlsx and
(unless --orgs-only) `flask members import`, and prints the seconds each import took.

    BENCH_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/import_scale.py [--orgs 10000] [--members 50000]
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app
from app.extensions import db
from tests.golive.sheets import tree_file


def make_app():
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='import-scale-')}/bench.sqlite3"
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "WECHAT_MODE": "offline", "REDIS_URL": None})


def reset_schema():
    from flask_migrate import upgrade

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    upgrade()


def run(app, args):
    result = app.test_cli_runner().invoke(args=args)
    if result.exit_code != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.output}")
    return result.output


def timed(app, args):
    started = time.perf_counter()
    output = run(app, args)
    return time.perf_counter() - started, output.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--orgs-only", action="store_true")
    options = parser.parse_args()
    app = make_app()
    work = Path(tempfile.mkdtemp(prefix="import-scale-files-"))
    with app.app_context():
        reset_schema()
        print(f"database: {db.engine.dialect.name}")
        run(app, ["setup", "--org-name", "呼和浩特市总工会", "--admin-username", "it", "--org-code", "HHHT"])
        tree = work / "tree.xlsx"
        tree.write_bytes(tree_file(options.orgs))
        seconds, summary = timed(app, ["orgs", "import", str(tree)])
        print(f"tree import: {options.orgs} rows in {seconds:.1f} s (limit 60 s) — {summary}")
        seconds, summary = timed(app, ["orgs", "import", str(tree)])
        print(f"tree re-import (no change): {seconds:.1f} s — {summary}")
        if options.orgs_only:
            return
        from tests.golive.sheets import roster_file

        roster = work / "roster.xlsx"
        roster.write_bytes(roster_file(options.members, tree_file_orgs=options.orgs))
        seconds, summary = timed(app, ["members", "import", str(roster)])
        print(f"roster import: {options.members} rows in {seconds:.1f} s (limit 300 s) — {summary}")


if __name__ == "__main__":
    main()
