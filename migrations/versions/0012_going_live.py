"""going live: org codes and contact details, the active flag, officers' forced password change

Existing organisations get a generated 组织代码 ("ORG" + id, zero-padded) so the column can be
unique and required; federation IT replaces them with real codes through an import.

Revision ID: 0012_going_live
Revises: 0011_privacy
"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0012_going_live"
down_revision = "0011_privacy"
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
        with op.batch_alter_table("organizations", schema=None) as batch_op:
            batch_op.add_column(sa.Column("code", sa.String(length=32), nullable=True))
            batch_op.add_column(sa.Column("credit_code", sa.String(length=18), nullable=True))
            batch_op.add_column(sa.Column("contact_person", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("contact_phone", sa.String(length=20), nullable=True))
            batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        op.execute("UPDATE organizations SET code = 'ORG' || substr('000000' || CAST(id AS VARCHAR(12)), "
                   "-6, 6) WHERE code IS NULL" if op.get_bind().dialect.name == "sqlite" else
                   "UPDATE organizations SET code = 'ORG' || lpad(CAST(id AS VARCHAR), 6, '0') WHERE code IS NULL")
        with op.batch_alter_table("organizations", schema=None) as batch_op:
            batch_op.alter_column("code", existing_type=sa.String(length=32), nullable=False)
            batch_op.create_unique_constraint(batch_op.f("uq_organizations_code"), ["code"])
        with op.batch_alter_table("officers", schema=None) as batch_op:
            batch_op.add_column(sa.Column("password_change_required", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))


def downgrade():
    with _foreign_keys_off_on_sqlite():
        with op.batch_alter_table("officers", schema=None) as batch_op:
            batch_op.drop_column("password_change_required")
        with op.batch_alter_table("organizations", schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f("uq_organizations_code"), type_="unique")
            for column in ("active", "contact_phone", "contact_person", "credit_code", "code"):
                batch_op.drop_column(column)
