"""member import: members and their applications may wait for a WeChat user to claim them

A member brought in by `flask members import` has no WeChat user until the worker claims the
membership with their ID number; its approved application has source 'import'.

Revision ID: 0013_member_import
Revises: 0012_going_live
"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0013_member_import"
down_revision = "0012_going_live"
branch_labels = None
depends_on = None


@contextmanager
def _foreign_keys_off_on_sqlite():
    """SQLite changes a column's constraints only by rebuilding the table, and dropping the old copy
    while other tables point at it is refused with foreign keys on. The documented procedure
    (sqlite.org/lang_altertable.html) switches them off, which works only outside a transaction."""
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
        with op.batch_alter_table("membership_applications", schema=None) as batch_op:
            batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
            batch_op.drop_constraint(batch_op.f("ck_membership_applications_source"), type_="check")
            batch_op.create_check_constraint(batch_op.f("ck_membership_applications_source"),
                                             "source IN ('point', 'online', 'pool', 'import')")
        with op.batch_alter_table("members", schema=None) as batch_op:
            batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    with _foreign_keys_off_on_sqlite():
        op.execute("DELETE FROM member_cards WHERE member_id IN (SELECT id FROM members WHERE user_id IS NULL)")
        op.execute("DELETE FROM member_org_links WHERE member_id IN (SELECT id FROM members WHERE user_id IS NULL)")
        op.execute("DELETE FROM members WHERE user_id IS NULL")
        op.execute("DELETE FROM application_events WHERE application_id IN "
                   "(SELECT id FROM membership_applications WHERE user_id IS NULL)")
        op.execute("DELETE FROM membership_applications WHERE user_id IS NULL")
        with op.batch_alter_table("members", schema=None) as batch_op:
            batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
        with op.batch_alter_table("membership_applications", schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f("ck_membership_applications_source"), type_="check")
            batch_op.create_check_constraint(batch_op.f("ck_membership_applications_source"),
                                             "source IN ('point', 'online', 'pool')")
            batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
