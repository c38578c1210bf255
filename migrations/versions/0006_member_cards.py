"""member cards

Revision ID: 0006_member_cards
Revises: 0005_officer_screen
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_member_cards"
down_revision = "0005_officer_screen"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("issued_by_officer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["issued_by_officer_id"], ["officers.id"],
                                name=op.f("fk_member_cards_issued_by_officer_id_officers")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_cards_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_cards")),
        sa.UniqueConstraint("member_id", name=op.f("uq_member_cards_member_id")),
    )


def downgrade():
    op.drop_table("member_cards")
