"""membership_applications.district_id: the district of the application's union, so that a district's
queue walks an index of its own rows in order (issue 17: deep pages at a city's scale)

Revision ID: 0019_application_district
Revises: 0018_migrant_workers
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_application_district"
down_revision = "0018_migrant_workers"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("membership_applications", sa.Column("district_id", sa.Integer()))
    op.execute("UPDATE membership_applications SET district_id = "
               "(SELECT o.district_id FROM organizations o WHERE o.id = membership_applications.org_id)")
    op.create_index("ix_membership_applications_district_submitted", "membership_applications",
                    ["status", "district_id", "submitted_at", "id"])
    op.create_index("ix_membership_applications_district_name", "membership_applications",
                    ["status", "district_id", "name", "id"])


def downgrade():
    op.drop_index("ix_membership_applications_district_name", table_name="membership_applications")
    op.drop_index("ix_membership_applications_district_submitted", table_name="membership_applications")
    op.execute("ALTER TABLE membership_applications DROP COLUMN district_id")
