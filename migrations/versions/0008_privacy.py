"""deletion requests, erased users, the "left" member and "withdrawn" application statuses, the
name on a legal-aid booking

Revision ID: 0008_privacy
Revises: 0007_issue_missing_cards
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_privacy"
down_revision = "0007_issue_missing_cards"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)
MEMBER_STATUSES = ("active", "transferred_out", "suspended", "left")
APPLICATION_STATUSES = ("pending", "approved", "rejected", "withdrawn")


def _check_sql(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _set_check(table, column, old, new):
    """Replace the CHECK constraint `ck_<table>_<column>` listing a column's allowed values.

    On SQLite a CHECK constraint cannot be altered, and recreating the table (batch mode) fails on the
    tables that reference it while foreign keys are enforced. A CHECK leaves the file format alone, so
    SQLite's documented procedure applies: rewrite the stored CREATE TABLE text and bump schema_version.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f(f"ck_{table}_{column}"), table, type_="check")
        op.create_check_constraint(column, table, _check_sql(column, new))
        return
    old_sql, new_sql = _check_sql(column, old), _check_sql(column, new)
    stored = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                  (table,)).scalar()
    assert stored.count(old_sql) == 1, f"{table}: expected one CHECK ({old_sql})"
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                         (stored.replace(old_sql, new_sql), table))
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade():
    op.create_table(
        "deletion_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("requested_at", UTC_DATETIME, nullable=False),
        sa.Column("due_at", UTC_DATETIME, nullable=False),
        sa.Column("erased_at", UTC_DATETIME, nullable=True),
        sa.Column("erased_by_officer_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.CheckConstraint("status IN ('pending', 'erased')", name=op.f("ck_deletion_requests_status")),
        sa.ForeignKeyConstraint(["erased_by_officer_id"], ["officers.id"],
                                name=op.f("fk_deletion_requests_erased_by_officer_id_officers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_deletion_requests_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deletion_requests")),
    )
    op.create_index(op.f("ix_deletion_requests_user_id"), "deletion_requests", ["user_id"], unique=False)
    op.create_index("ix_deletion_requests_status_due", "deletion_requests", ["status", "due_at"], unique=False)
    op.create_index("uq_deletion_requests_pending_user", "deletion_requests", ["user_id"], unique=True,
                    postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.add_column("users", sa.Column("erased_at", UTC_DATETIME, nullable=True))
    op.add_column("legal_aid_bookings", sa.Column("contact_name", sa.String(length=30), nullable=True))
    _set_check("members", "status", MEMBER_STATUSES[:-1], MEMBER_STATUSES)
    _set_check("membership_applications", "status", APPLICATION_STATUSES[:-1], APPLICATION_STATUSES)


def downgrade():
    _set_check("membership_applications", "status", APPLICATION_STATUSES, APPLICATION_STATUSES[:-1])
    _set_check("members", "status", MEMBER_STATUSES, MEMBER_STATUSES[:-1])
    op.drop_column("legal_aid_bookings", "contact_name")
    op.drop_column("users", "erased_at")
    op.drop_index("uq_deletion_requests_pending_user", table_name="deletion_requests")
    op.drop_index("ix_deletion_requests_status_due", table_name="deletion_requests")
    op.drop_index(op.f("ix_deletion_requests_user_id"), table_name="deletion_requests")
    op.drop_table("deletion_requests")
