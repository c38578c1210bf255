"""stations.phone: the station's public contact number (the mini-program's call button)

Revision ID: 0015_campaignentry
Revises: 0014_staff_bind_codes
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_campaignentry"
down_revision = "0014_staff_bind_codes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("stations") as batch:
        batch.add_column(sa.Column("phone", sa.String(20)))


def downgrade():
    with op.batch_alter_table("stations") as batch:
        batch.drop_column("phone")
