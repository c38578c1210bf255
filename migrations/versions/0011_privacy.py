"""consent texts, deletion requests, erased users, the "left" member and "withdrawn" application statuses, the
name on a legal-aid booking

Revision ID: 0011_privacy
Revises: 0010_notifications
"""
import hashlib
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011_privacy"
down_revision = "0010_notifications"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime(timezone=True)
MEMBER_STATUSES = ("active", "transferred_out", "suspended", "left")
APPLICATION_STATUSES = ("pending", "approved", "rejected", "withdrawn")
CONSENT_2026_01 = (
    "为办理入会、发放会员服务卡和提供会员服务，本工会需要处理您的以下个人信息：姓名、身份证号码、手机号码、民族、政治面貌、"
    "文化程度、户籍类型、职业和工作单位。其中身份证号码、民族、政治面貌属于敏感个人信息。",
    "身份证号码用于核实身份、防止重复入会，加密存储，页面中仅显示部分号码；查看完整号码的每一次操作都会被记录。",
    "您的信息仅由受理您申请的工会及其上级工会在办理会员业务时使用，不会向其他单位或个人提供，法律法规另有规定的除外。",
    "您可以随时查阅、复制您的个人信息，也可以申请更正或删除。会员关系终止后，我们将在法律法规要求的期限届满后删除相关信息。",
    "不同意本告知书将无法在线办理入会，您可以到所在工会线下办理。",
)


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
    consent_texts = op.create_table(
        "consent_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("in_force_from", UTC_DATETIME, nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_texts")),
        sa.UniqueConstraint("version", name=op.f("uq_consent_texts_version")),
    )
    # The notice the mini-program has shown since it went live (miniprogram/utils/consent.js).
    body = "\n".join(CONSENT_2026_01)
    op.bulk_insert(consent_texts, [{
        "version": "2026-01", "title": "个人敏感信息处理告知书", "body": body,
        "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        "in_force_from": datetime(2025, 12, 31, 16, tzinfo=UTC),  # 2026-01-01 00:00 in Beijing
        "created_at": datetime.now(UTC)}])
    op.add_column("users", sa.Column("erased_at", UTC_DATETIME, nullable=True))
    op.add_column("legal_aid_bookings", sa.Column("contact_name", sa.String(length=30), nullable=True))
    _set_check("members", "status", MEMBER_STATUSES[:-1], MEMBER_STATUSES)
    _set_check("membership_applications", "status", APPLICATION_STATUSES[:-1], APPLICATION_STATUSES)


def downgrade():
    _set_check("membership_applications", "status", APPLICATION_STATUSES, APPLICATION_STATUSES[:-1])
    _set_check("members", "status", MEMBER_STATUSES, MEMBER_STATUSES[:-1])
    op.drop_column("legal_aid_bookings", "contact_name")
    op.drop_column("users", "erased_at")
    op.drop_table("consent_texts")
    op.drop_index("uq_deletion_requests_pending_user", table_name="deletion_requests")
    op.drop_index("ix_deletion_requests_status_due", table_name="deletion_requests")
    op.drop_index(op.f("ix_deletion_requests_user_id"), table_name="deletion_requests")
    op.drop_table("deletion_requests")
