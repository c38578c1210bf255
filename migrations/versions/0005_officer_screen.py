"""officer screen

Revision ID: 0005_officer_screen
Revises: 0004_campaigns
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005_officer_screen"
down_revision = "0004_campaigns"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
