"""membership, cards, enrollment points

Revision ID: 0002_membership
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_membership"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('member_no_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_member_no_counters'))
    )
    op.create_table('enrollment_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('scene', sa.String(length=32), nullable=False),
    sa.Column('created_by_officer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('worksite', 'station', 'building', 'platform', 'other')", name=op.f('ck_enrollment_points_kind')),
    sa.ForeignKeyConstraint(['created_by_officer_id'], ['officers.id'], name=op.f('fk_enrollment_points_created_by_officer_id_officers')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_enrollment_points_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment_points')),
    sa.UniqueConstraint('scene', name=op.f('uq_enrollment_points_scene'))
    )
    op.create_index(op.f('ix_enrollment_points_org_id'), 'enrollment_points', ['org_id'], unique=False)
    op.create_table('membership_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ethnicity', sa.String(length=20), nullable=True),
    sa.Column('education', sa.String(length=30), nullable=True),
    sa.Column('political_status', sa.String(length=30), nullable=True),
    sa.Column('household_type', sa.String(length=10), nullable=True),
    sa.Column('is_migrant_worker', sa.Boolean(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('in_pool', sa.Boolean(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=True),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_officer_id', sa.Integer(), nullable=True),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.Column('person_index', sa.String(length=64), nullable=False),
    sa.Column('id_number_encrypted', sa.Text(), nullable=False),
    sa.Column('id_number_tail', sa.String(length=4), nullable=False),
    sa.Column('id_number_region', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('occupation', sa.String(length=30), nullable=False),
    sa.Column('employer', sa.String(length=100), nullable=False),
    sa.CheckConstraint("source IN ('point', 'online', 'pool')", name=op.f('ck_membership_applications_source')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_membership_applications_status')),
    sa.ForeignKeyConstraint(['decided_by_officer_id'], ['officers.id'], name=op.f('fk_membership_applications_decided_by_officer_id_officers')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_membership_applications_org_id_organizations')),
    sa.ForeignKeyConstraint(['point_id'], ['enrollment_points.id'], name=op.f('fk_membership_applications_point_id_enrollment_points')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_membership_applications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_applications'))
    )
    op.create_index(op.f('ix_membership_applications_occupation'), 'membership_applications', ['occupation'], unique=False)
    op.create_index('ix_membership_applications_org_status', 'membership_applications', ['org_id', 'status'], unique=False)
    op.create_index(op.f('ix_membership_applications_point_id'), 'membership_applications', ['point_id'], unique=False)
    op.create_index('ix_membership_applications_status_submitted', 'membership_applications', ['status', 'submitted_at'], unique=False)
    op.create_index(op.f('ix_membership_applications_user_id'), 'membership_applications', ['user_id'], unique=False)
    op.create_index('uq_membership_applications_pending_person', 'membership_applications', ['person_index'], unique=True, postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.create_index('uq_membership_applications_pending_user', 'membership_applications', ['user_id'], unique=True, postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.create_table('application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_officer_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_officer_id'], ['officers.id'], name=op.f('fk_application_events_actor_officer_id_officers')),
    sa.ForeignKeyConstraint(['application_id'], ['membership_applications.id'], name=op.f('fk_application_events_application_id_membership_applications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_events'))
    )
    op.create_index(op.f('ix_application_events_application_id'), 'application_events', ['application_id'], unique=False)
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('person_index', sa.String(length=64), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('member_no', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('source_point_id', sa.Integer(), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('id_number_encrypted', sa.Text(), nullable=False),
    sa.Column('id_number_tail', sa.String(length=4), nullable=False),
    sa.Column('id_number_region', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('gender', sa.String(length=10), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('occupation', sa.String(length=30), nullable=False),
    sa.Column('employer', sa.String(length=100), nullable=False),
    sa.CheckConstraint("status IN ('active', 'transferred_out', 'suspended')", name=op.f('ck_members_status')),
    sa.ForeignKeyConstraint(['application_id'], ['membership_applications.id'], name=op.f('fk_members_application_id_membership_applications')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_members_org_id_organizations')),
    sa.ForeignKeyConstraint(['source_point_id'], ['enrollment_points.id'], name=op.f('fk_members_source_point_id_enrollment_points')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_members_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('application_id', name=op.f('uq_members_application_id')),
    sa.UniqueConstraint('member_no', name=op.f('uq_members_member_no')),
    sa.UniqueConstraint('person_index', name=op.f('uq_members_person_index')),
    sa.UniqueConstraint('user_id', name=op.f('uq_members_user_id'))
    )
    op.create_index(op.f('ix_members_occupation'), 'members', ['occupation'], unique=False)
    op.create_index('ix_members_org_status', 'members', ['org_id', 'status'], unique=False)
    op.create_index(op.f('ix_members_source_point_id'), 'members', ['source_point_id'], unique=False)
    op.create_index('ix_members_status_joined', 'members', ['status', 'joined_at'], unique=False)
    op.create_index('ix_members_status_org_occupation', 'members', ['status', 'org_id', 'occupation'],
                    unique=False)
    op.create_table('member_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('from_org_id', sa.Integer(), nullable=False),
    sa.Column('to_org_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_officer_id', sa.Integer(), nullable=True),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_member_transfers_status')),
    sa.ForeignKeyConstraint(['decided_by_officer_id'], ['officers.id'], name=op.f('fk_member_transfers_decided_by_officer_id_officers')),
    sa.ForeignKeyConstraint(['from_org_id'], ['organizations.id'], name=op.f('fk_member_transfers_from_org_id_organizations')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_transfers_member_id_members')),
    sa.ForeignKeyConstraint(['to_org_id'], ['organizations.id'], name=op.f('fk_member_transfers_to_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_transfers'))
    )
    op.create_index(op.f('ix_member_transfers_member_id'), 'member_transfers', ['member_id'], unique=False)
    op.create_index('ix_member_transfers_to_org_status', 'member_transfers', ['to_org_id', 'status'], unique=False)
    op.create_index('uq_member_transfers_pending_member', 'member_transfers', ['member_id'], unique=True, postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.create_table('member_org_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('transfer_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_org_links_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_member_org_links_org_id_organizations')),
    sa.ForeignKeyConstraint(['transfer_id'], ['member_transfers.id'], name=op.f('fk_member_org_links_transfer_id_member_transfers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_org_links'))
    )
    op.create_index(op.f('ix_member_org_links_member_id'), 'member_org_links', ['member_id'], unique=False)
    op.create_index(op.f('ix_member_org_links_org_id'), 'member_org_links', ['org_id'], unique=False)



def downgrade():

    op.drop_index(op.f('ix_member_org_links_org_id'), table_name='member_org_links')
    op.drop_index(op.f('ix_member_org_links_member_id'), table_name='member_org_links')
    op.drop_table('member_org_links')
    op.drop_index('uq_member_transfers_pending_member', table_name='member_transfers', postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.drop_index('ix_member_transfers_to_org_status', table_name='member_transfers')
    op.drop_index(op.f('ix_member_transfers_member_id'), table_name='member_transfers')
    op.drop_table('member_transfers')
    op.drop_index('ix_members_status_org_occupation', table_name='members')
    op.drop_index('ix_members_status_joined', table_name='members')
    op.drop_index(op.f('ix_members_source_point_id'), table_name='members')
    op.drop_index('ix_members_org_status', table_name='members')
    op.drop_index(op.f('ix_members_occupation'), table_name='members')
    op.drop_table('members')
    op.drop_index(op.f('ix_application_events_application_id'), table_name='application_events')
    op.drop_table('application_events')
    op.drop_index('uq_membership_applications_pending_user', table_name='membership_applications', postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.drop_index('uq_membership_applications_pending_person', table_name='membership_applications', postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'"))
    op.drop_index(op.f('ix_membership_applications_user_id'), table_name='membership_applications')
    op.drop_index('ix_membership_applications_status_submitted', table_name='membership_applications')
    op.drop_index(op.f('ix_membership_applications_point_id'), table_name='membership_applications')
    op.drop_index('ix_membership_applications_org_status', table_name='membership_applications')
    op.drop_index(op.f('ix_membership_applications_occupation'), table_name='membership_applications')
    op.drop_table('membership_applications')
    op.drop_index(op.f('ix_enrollment_points_org_id'), table_name='enrollment_points')
    op.drop_table('enrollment_points')
    op.drop_table('member_no_counters')
