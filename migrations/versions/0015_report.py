"""members.is_migrant_worker: copied from the approved application, for the federation's report

Revision ID: 0015_report
Revises: 0014_staff_bind_codes
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_report"
down_revision = "0014_staff_bind_codes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("is_migrant_worker", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE members SET is_migrant_worker = (SELECT a.is_migrant_worker FROM membership_applications a "
               "WHERE a.id = members.application_id)")


def downgrade():
    with op.batch_alter_table("members") as batch:
        batch.drop_column("is_migrant_worker")
