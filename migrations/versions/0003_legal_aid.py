"""legal aid: lawyers, reception sessions, slots, bookings; the notification outbox

Revision ID: 0003_legal_aid
Revises: 0002_membership
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_legal_aid"
down_revision = "0002_membership"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('legal_aid_lawyers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('firm', sa.String(length=120), nullable=False),
    sa.Column('specialties', sa.JSON(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_legal_aid_lawyers_officer_id_officers')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_legal_aid_lawyers_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_aid_lawyers')),
    sa.UniqueConstraint('officer_id', name=op.f('uq_legal_aid_lawyers_officer_id'))
    )
    with op.batch_alter_table('legal_aid_lawyers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_aid_lawyers_org_id'), ['org_id'], unique=False)

    op.create_table('legal_aid_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=255), nullable=False),
    sa.Column('is_online', sa.Boolean(), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_officer_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f('ck_legal_aid_sessions_status')),
    sa.ForeignKeyConstraint(['created_by_officer_id'], ['officers.id'], name=op.f('fk_legal_aid_sessions_created_by_officer_id_officers')),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], name=op.f('fk_legal_aid_sessions_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_aid_sessions'))
    )
    with op.batch_alter_table('legal_aid_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_aid_sessions_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_aid_sessions_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_aid_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('legal_aid_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('length_minutes', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked_count', sa.Integer(), nullable=False),
    sa.Column('lawyer_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('booked_count >= 0 AND booked_count <= capacity', name=op.f('ck_legal_aid_slots_booked_within_capacity')),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_legal_aid_slots_capacity_positive')),
    sa.ForeignKeyConstraint(['lawyer_id'], ['legal_aid_lawyers.id'], name=op.f('fk_legal_aid_slots_lawyer_id_legal_aid_lawyers')),
    sa.ForeignKeyConstraint(['session_id'], ['legal_aid_sessions.id'], name=op.f('fk_legal_aid_slots_session_id_legal_aid_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_aid_slots'))
    )
    with op.batch_alter_table('legal_aid_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_aid_slots_lawyer_id'), ['lawyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_aid_slots_session_id'), ['session_id'], unique=False)

    op.create_table('legal_aid_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('workers_involved', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('amount_recovered', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('outcome_workers_involved', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("case_type IN ('wage_arrears', 'work_injury', 'labor_contract', 'social_insurance', 'labor_relation', 'other')", name=op.f('ck_legal_aid_bookings_case_type')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('consulted', 'mediated', 'arbitration_referred', 'litigation_supported', 'withdrawn')", name=op.f('ck_legal_aid_bookings_outcome')),
    sa.CheckConstraint("status IN ('booked', 'cancelled', 'checked_in', 'no_show', 'completed')", name=op.f('ck_legal_aid_bookings_status')),
    sa.ForeignKeyConstraint(['session_id'], ['legal_aid_sessions.id'], name=op.f('fk_legal_aid_bookings_session_id_legal_aid_sessions')),
    sa.ForeignKeyConstraint(['slot_id'], ['legal_aid_slots.id'], name=op.f('fk_legal_aid_bookings_slot_id_legal_aid_slots')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_legal_aid_bookings_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_aid_bookings'))
    )
    with op.batch_alter_table('legal_aid_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_aid_bookings_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_aid_bookings_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_aid_bookings_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_legal_aid_bookings_active_session_user', ['session_id', 'user_id'], unique=True, postgresql_where=sa.text("status <> 'cancelled'"), sqlite_where=sa.text("status <> 'cancelled'"))



def downgrade():
    with op.batch_alter_table('legal_aid_bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_legal_aid_bookings_active_session_user', postgresql_where=sa.text("status <> 'cancelled'"), sqlite_where=sa.text("status <> 'cancelled'"))
        batch_op.drop_index(batch_op.f('ix_legal_aid_bookings_user_id'))
        batch_op.drop_index(batch_op.f('ix_legal_aid_bookings_slot_id'))
        batch_op.drop_index(batch_op.f('ix_legal_aid_bookings_session_id'))

    op.drop_table('legal_aid_bookings')
    with op.batch_alter_table('legal_aid_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_aid_slots_session_id'))
        batch_op.drop_index(batch_op.f('ix_legal_aid_slots_lawyer_id'))

    op.drop_table('legal_aid_slots')
    with op.batch_alter_table('legal_aid_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_aid_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_legal_aid_sessions_org_id'))
        batch_op.drop_index(batch_op.f('ix_legal_aid_sessions_date'))

    op.drop_table('legal_aid_sessions')
    with op.batch_alter_table('legal_aid_lawyers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_aid_lawyers_org_id'))

    op.drop_table('legal_aid_lawyers')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_sent_at'))

    op.drop_table('notifications')
