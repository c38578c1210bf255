"""member import: members and their applications may wait for a WeChat user to claim them

A member brought in by `flask members import` has no WeChat user until the worker claims the
membership with their ID number; its approved application has source 'import'.

Revision ID: 0009_member_import
Revises: 0008_going_live
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_member_import"
down_revision = "0008_going_live"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("membership_applications", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(batch_op.f("ck_membership_applications_source"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_membership_applications_source"),
                                         "source IN ('point', 'online', 'pool', 'import')")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
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
