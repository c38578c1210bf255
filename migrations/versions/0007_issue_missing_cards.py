"""issue a card to every member who has none

Cards are issued when an application is approved; members from before cards existed (or brought
in by an import) get theirs here, so reading a card (GET /api/v1/membership/card) never writes.

Revision ID: 0007_issue_missing_cards
Revises: 0006_member_cards
"""
from alembic import op

revision = "0007_issue_missing_cards"
down_revision = "0006_member_cards"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO member_cards (member_id, issued_at, version) "
        "SELECT members.id, CURRENT_TIMESTAMP, 1 FROM members "
        "WHERE NOT EXISTS (SELECT 1 FROM member_cards WHERE member_cards.member_id = members.id)")


def downgrade():
    # The cards issued here are indistinguishable from the others and harmless to keep.
    pass
