"""heat-relief campaigns

Revision ID: 0004_campaigns
Revises: 0003_legal_aid
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_campaigns"
down_revision = "0003_legal_aid"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
