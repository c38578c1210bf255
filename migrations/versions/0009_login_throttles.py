"""login throttles: the officer sign-in lockout in the database (works without Redis)

Revision ID: 0009_login_throttles
Revises: 0008_nfkc_person_index
"""
from alembic import op
import sqlalchemy as sa

revision = "0009_login_throttles"
down_revision = "0008_nfkc_person_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started", sa.BigInteger(), nullable=False),
        sa.Column("locked_until", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )


def downgrade():
    op.drop_table("login_throttles")
