"""one current membership per worker: a worker whose membership ended (left) may join again

members.user_id was unique over every row, so a worker who withdrew consent (their membership left)
could never be approved again. The rule is now a partial unique index over the memberships that have
not ended, beside a plain index for the lookups by worker.

Revision ID: 0016_one_current_membership
Revises: 0015_station_phone
"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0016_one_current_membership"
down_revision = "0015_station_phone"
branch_labels = None
depends_on = None

CURRENT = sa.text("status <> 'left'")


@contextmanager
def _foreign_keys_off_on_sqlite():
    """SQLite drops a constraint only by rebuilding the table, refused while other tables point at it
    with foreign keys on; the documented procedure (sqlite.org/lang_altertable.html) switches them off,
    which works only outside a transaction (as in 0013_member_import)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    with op.get_context().autocommit_block():
        raw = bind.connection.driver_connection
        if raw.in_transaction:
            raw.execute("COMMIT")
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
            if raw.execute("PRAGMA foreign_key_check").fetchall():
                raise RuntimeError("the table rebuild left dangling foreign keys")
        finally:
            if raw.in_transaction:
                raw.execute("COMMIT")
            raw.execute("PRAGMA foreign_keys = ON")


def upgrade():
    with _foreign_keys_off_on_sqlite():
        with op.batch_alter_table("members", schema=None) as batch_op:
            batch_op.drop_constraint("uq_members_user_id", type_="unique")
            batch_op.create_index("ix_members_user_id", ["user_id"], unique=False)
            batch_op.create_index("uq_members_current_user", ["user_id"], unique=True, postgresql_where=CURRENT,
                                  sqlite_where=CURRENT)


def downgrade():
    """Refused (by the unique constraint) while a worker has a membership that ended and a new one."""
    with _foreign_keys_off_on_sqlite():
        with op.batch_alter_table("members", schema=None) as batch_op:
            batch_op.drop_index("uq_members_current_user", postgresql_where=CURRENT, sqlite_where=CURRENT)
            batch_op.drop_index("ix_members_user_id")
            batch_op.create_unique_constraint("uq_members_user_id", ["user_id"])
