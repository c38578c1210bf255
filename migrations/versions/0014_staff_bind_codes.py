"""staff bind codes: one-time codes that bind an officer account to a WeChat user (staff mode)

Revision ID: 0014_staff_bind_codes
Revises: 0013_member_import
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_staff_bind_codes"
down_revision = "0013_member_import"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_bind_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), sa.ForeignKey("officers.id", name="fk_staff_bind_codes_officer_id_officers"),
                  nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_bind_codes"),
    )
    op.create_index("ix_staff_bind_codes_officer_id", "staff_bind_codes", ["officer_id"])
    op.create_index("ix_staff_bind_codes_code_hash", "staff_bind_codes", ["code_hash"])


def downgrade():
    op.drop_index("ix_staff_bind_codes_code_hash", table_name="staff_bind_codes")
    op.drop_index("ix_staff_bind_codes_officer_id", table_name="staff_bind_codes")
    op.drop_table("staff_bind_codes")
