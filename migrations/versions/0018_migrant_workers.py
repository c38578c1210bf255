"""members.is_migrant_worker: copied from the approved application, for the federation's report;
indexes for the report's period queries (members joined, sign-ups taken, packs handed out)

Revision ID: 0018_migrant_workers
Revises: 0017_search_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_migrant_workers"
down_revision = "0017_search_indexes"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (with its default) on both databases: a batch rebuild of `members` on SQLite
    # is refused while cards and links point at its rows.
    op.add_column("members", sa.Column("is_migrant_worker", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Members from a roster import have no application: they keep the default.
    op.execute("UPDATE members SET is_migrant_worker = COALESCE((SELECT a.is_migrant_worker FROM "
               "membership_applications a WHERE a.id = members.application_id), is_migrant_worker)")
    # The dashboard's pass over the active members counts migrant workers too: still index-only.
    op.drop_index("ix_members_status_org_occupation", table_name="members")
    op.create_index("ix_members_status_org_occupation", "members", ["status", "org_id", "occupation", "is_migrant_worker"])
    op.create_index("ix_members_joined_org_occupation", "members",
                    ["joined_at", "org_id", "occupation", "is_migrant_worker"])
    op.create_index("ix_redemptions_redeemed_station", "redemptions", ["redeemed_at", "station_id"])
    op.create_index("ix_campaign_signups_created_station", "campaign_signups", ["created_at", "station_id"])


def downgrade():
    op.drop_index("ix_campaign_signups_created_station", table_name="campaign_signups")
    op.drop_index("ix_redemptions_redeemed_station", table_name="redemptions")
    op.drop_index("ix_members_joined_org_occupation", table_name="members")
    op.drop_index("ix_members_status_org_occupation", table_name="members")
    op.create_index("ix_members_status_org_occupation", "members", ["status", "org_id", "occupation"])
    # Not batch mode: rebuilding `members` on SQLite is refused while cards and links point at it;
    # SQLite (3.35+) drops an unindexed column in place, like PostgreSQL.
    op.execute("ALTER TABLE members DROP COLUMN is_migrant_worker")
