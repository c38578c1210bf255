"""The sign-up and redeem services never roll back their caller's transaction: a refusal raises,
and only the work inside the service's own savepoint is undone."""
import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.campaigns import pickups
from app.campaigns.errors import SignupError
from app.campaigns.models import CampaignSignup
from app.extensions import db
from tests.campaigns.helpers import arrange_campaign


def _caller_row():
    """Something the caller wrote earlier in the same transaction."""
    user = User(openid="written-by-the-caller", nickname="caller")
    db.session.add(user)
    db.session.flush()
    return user.id


def _still_there(user_id):
    return db.session.scalar(sa.select(User.id).where(User.id == user_id)) == user_id


def test_a_second_sign_up_is_refused_without_rolling_back_the_caller(app, orgs):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=5)
    with app.app_context():
        worker = User(openid="worker-twice", nickname="twice")
        db.session.add(worker)
        db.session.commit()
        first = pickups.sign_up(worker, campaign_id, station_id)
        caller_row = _caller_row()

        with pytest.raises(SignupError) as refused:
            pickups.sign_up(worker, campaign_id, station_id)

        assert refused.value.code == "already_signed_up"
        # The unique index refused inside a savepoint: the caller's earlier work and the first sign-up stand.
        assert _still_there(caller_row)
        assert db.session.scalar(sa.select(CampaignSignup.id).where(CampaignSignup.id == first.id)) == first.id
        db.session.rollback()


def test_sold_out_is_refused_without_rolling_back_the_caller(app, orgs):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=0)
    with app.app_context():
        worker = User(openid="worker-late", nickname="late")
        db.session.add(worker)
        db.session.commit()
        caller_row = _caller_row()

        with pytest.raises(SignupError) as refused:
            pickups.sign_up(worker, campaign_id, station_id)

        assert refused.value.code == "out_of_stock"
        assert _still_there(caller_row)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignSignup)) == 0
