"""Reading a card never writes: cards are issued at approval, and by migration 0007 for members
who had none; GET /membership/card and /membership/card/qr only read."""
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.auth.models import User
from app.cards.models import MemberCard
from app.extensions import db
from tests.conftest import assert_error
from tests.membership.helpers import make_member


def _member_without_card(app, orgs, login_worker):
    headers = login_worker("alice")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.nickname == "alice"))
    member_id, _ = make_member(app, user_id, orgs["riders"], name="李晓明")
    with app.app_context():
        # As for a member from before cards existed, or brought in by an import.
        db.session.execute(sa.delete(MemberCard).where(MemberCard.member_id == member_id))
        db.session.commit()
    return headers, member_id


def _cards(app, member_id):
    with app.app_context():
        return db.session.scalars(sa.select(MemberCard).where(MemberCard.member_id == member_id)).all()


def test_approval_issues_the_card(app, orgs, login_worker):
    with app.app_context():
        user = User(openid="approved-worker", nickname="approved")
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    member_id, _ = make_member(app, user_id, orgs["riders"])
    assert len(_cards(app, member_id)) == 1


def test_getting_the_card_of_a_member_without_one_creates_nothing(app, client, orgs, login_worker):
    headers, member_id = _member_without_card(app, orgs, login_worker)

    assert_error(client.get("/api/v1/membership/card", headers=headers), 404, "card_not_issued")
    assert_error(client.get("/api/v1/membership/card/qr", headers=headers), 404, "card_not_issued")

    assert _cards(app, member_id) == []


def test_migration_0007_issues_the_missing_cards(app, client, orgs, login_worker):
    headers, member_id = _member_without_card(app, orgs, login_worker)

    with app.app_context():
        downgrade(revision="0006_member_cards")  # 0007's downgrade keeps every card; the schema is unchanged
        upgrade()

    cards = _cards(app, member_id)
    assert len(cards) == 1 and cards[0].version == 1 and cards[0].issued_at is not None
    response = client.get("/api/v1/membership/card", headers=headers)
    assert response.status_code == 200, response.get_json()
    assert _cards(app, member_id)[0].id == cards[0].id


def test_migration_0007_leaves_existing_cards_alone(app, orgs, login_worker):
    with app.app_context():
        user = User(openid="carded-worker", nickname="carded")
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    member_id, _ = make_member(app, user_id, orgs["riders"])
    before = _cards(app, member_id)

    with app.app_context():
        downgrade(revision="0006_member_cards")
        upgrade()

    after = _cards(app, member_id)
    assert [(c.id, c.version, c.issued_at) for c in after] == [(c.id, c.version, c.issued_at) for c in before]
