"""scale: indexes for the officer screen at a whole city's scale (issue 17, bench/queue_scale.py)

The queue in each order (status, then the order and its id tie-breaker, then org_id: an index-only
walk in order that filters by the officer's subtree, so a deep page is not a sort of every pending
application), the dashboard's sign-ups per station, members newest first without a status filter, the member search by
member-number prefix (varchar_pattern_ops: a prefix LIKE under any collation) and by phone (the
full number: a btree; its tail: a trigram GIN index on PostgreSQL, which needs the pg_trgm
extension — trusted since PostgreSQL 13, so the database owner may create it; on SQLite the same
name is a plain index).

Revision ID: 0017_search_indexes
Revises: 0016_one_current_membership
"""
from alembic import op

revision = "0017_search_indexes"
down_revision = "0016_one_current_membership"
branch_labels = None
depends_on = None


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.drop_index("ix_membership_applications_status_submitted", table_name="membership_applications")
    op.create_index("ix_membership_applications_status_submitted", "membership_applications",
                    ["status", "submitted_at", "id", "org_id"])
    op.create_index("ix_membership_applications_status_name", "membership_applications",
                    ["status", "name", "id", "org_id"])
    op.create_index("ix_members_joined_at", "members", ["joined_at"])
    op.create_index("ix_campaign_signups_station_status", "campaign_signups", ["station_id", "status"])
    op.create_index("ix_members_member_no_pattern", "members", ["member_no"],
                    postgresql_ops={"member_no": "varchar_pattern_ops"})
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index("ix_members_phone", "members", ["phone"], postgresql_using="gin",
                    postgresql_ops={"phone": "gin_trgm_ops"})
    op.create_index("ix_members_phone_number", "members", ["phone"])


def downgrade():
    op.drop_index("ix_members_phone_number", table_name="members")
    op.drop_index("ix_members_phone", table_name="members")
    op.drop_index("ix_members_member_no_pattern", table_name="members")
    op.drop_index("ix_campaign_signups_station_status", table_name="campaign_signups")
    op.drop_index("ix_members_joined_at", table_name="members")
    op.drop_index("ix_membership_applications_status_name", table_name="membership_applications")
    op.drop_index("ix_membership_applications_status_submitted", table_name="membership_applications")
    op.create_index("ix_membership_applications_status_submitted", "membership_applications",
                    ["status", "submitted_at"])
