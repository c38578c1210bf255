"""The production guide's backup and restore (scripts/pg-backup.sh), run against the machine's PostgreSQL:
a dump of a live database restores into an empty one with every row, and ID numbers still decrypt."""
import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.membership.models import Member
from app.personal_data import decrypt_text
from tests.conftest import DATABASE_URL
from tests.golive.sheets import TREE_HEADERS, id_number, roster_rows, tree_rows, workbook_bytes

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-backup.sh"
#: A scratch database of this test's own, dropped afterwards.
RESTORE_DB = os.environ.get("TEST_RESTORE_DATABASE", "test_live2_restore")


def _admin_url(url, database):
    return sa.engine.make_url(url).set(database=database)


@pytest.fixture
def scratch_database():
    engine = sa.create_engine(_admin_url(DATABASE_URL, "postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{RESTORE_DB}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{RESTORE_DB}"')
    yield _admin_url(DATABASE_URL, RESTORE_DB)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')
    engine.dispose()


@pytest.mark.postgres_only
def test_a_backup_restores_into_an_empty_database(app, tmp_path, scratch_database):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup", "--org-name", "测试市总工会", "--admin-username", "it"]).exit_code == 0
    tree = tmp_path / "tree.xlsx"
    rows = tree_rows(30, districts=1, federations_per_district=2)
    tree.write_bytes(workbook_bytes(TREE_HEADERS, rows))
    assert runner.invoke(args=["orgs", "import", str(tree)]).exit_code == 0
    roster = tmp_path / "roster.csv"
    from app.membership.imports import HEADERS as ROSTER_HEADERS

    lines = [",".join(ROSTER_HEADERS)] + [",".join(r) for r in roster_rows(5, [r[0] for r in rows[:30]])]
    roster.write_text("\n".join(lines), encoding="utf-8")
    imported = runner.invoke(args=["members", "import", str(roster)])
    assert imported.exit_code == 0, imported.output

    dump = tmp_path / "ws.dump"
    subprocess.run([str(SCRIPT), "backup", DATABASE_URL, str(dump)], check=True)
    subprocess.run([str(SCRIPT), "restore", str(dump), scratch_database.render_as_string(hide_password=False)],
                   check=True)

    restored = sa.create_engine(scratch_database)
    try:
        with app.app_context():
            tables = [t.name for t in db.metadata.sorted_tables]
            with db.engine.connect() as live, restored.connect() as copy:
                for table in tables:
                    count = f"SELECT count(*) FROM {table}"
                    assert copy.exec_driver_sql(count).scalar() == live.exec_driver_sql(count).scalar(), table
                assert copy.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0019_application_district"
                encrypted = copy.execute(sa.select(Member.id_number_encrypted).order_by(Member.id)).scalars().first()
            assert decrypt_text(encrypted) == id_number(0)
    finally:
        restored.dispose()
