"""notifications: outbox delivery state, inbox reading, subscribe-message acceptances

Revision ID: 0010_notifications
Revises: 0009_login_throttles
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_notifications"
down_revision = "0009_login_throttles"
branch_labels = None
depends_on = None

STATUSES = ("pending", "sending", "sent", "inbox_only", "refused", "failed", "dropped")


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=60), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("body", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("page", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("subject_type", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="pending"))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("read_at", sa.DateTime(timezone=True), nullable=True))
    # Rows queued before the sender existed: delivered ones stay delivered, the rest are due now.
    op.execute("UPDATE notifications SET due_at = created_at")
    op.execute("UPDATE notifications SET status = 'sent' WHERE sent_at IS NOT NULL")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("due_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.alter_column("title", existing_type=sa.String(length=60), server_default=None)
        batch_op.alter_column("body", existing_type=sa.Text(), server_default=None)
        batch_op.alter_column("status", existing_type=sa.String(length=20), server_default=None)
        batch_op.alter_column("attempts", existing_type=sa.Integer(), server_default=None)
        batch_op.create_check_constraint(op.f("ck_notifications_status"), f"status IN {STATUSES}")
        batch_op.create_index("ix_notifications_status_due_at", ["status", "due_at"], unique=False)
        batch_op.create_index("ix_notifications_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "notification_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("last_result", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("remaining >= 0", name=op.f("ck_notification_subscriptions_remaining_non_negative")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_notification_subscriptions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_subscriptions")),
        sa.UniqueConstraint("user_id", "template_id", name=op.f("uq_notification_subscriptions_user_id_template_id")),
    )


def downgrade():
    op.drop_table("notification_subscriptions")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_subject")
        batch_op.drop_index("ix_notifications_status_due_at")
        batch_op.drop_constraint(op.f("ck_notifications_status"), type_="check")
        for column in ("read_at", "last_error", "claimed_at", "attempts", "due_at", "status", "subject_id",
                       "subject_type", "page", "body", "title"):
            batch_op.drop_column(column)
