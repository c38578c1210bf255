"""legal aid

Revision ID: 0003_legal_aid
Revises: 0002_membership
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_legal_aid"
down_revision = "0002_membership"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
