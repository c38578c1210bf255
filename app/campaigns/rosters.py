"""Who signed up where and who picked up: the station's sign-up list and the rows of the exports.

Each item carries the worker's name on file (members only; a worker who is not a member has none)
and phone beside the record, masked here — the page and the sheets never see them in clear. The
names of a whole page come in one query.
"""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.campaigns.errors import StationNotFound
from app.campaigns.models import CampaignSignup, Station
from app.campaigns.services import get_campaign, get_station_in_scope, list_redemptions
from app.membership.lookup import member_names
from app.orgs.services import scope_filter
from app.personal_data import mask_name, mask_phone
from app.schemas import paginate


def _with_names(result, user_of):
    names = member_names({user_of(item).id for item in result["items"]})
    return {**result, "items": [{"record": item, "name_masked": mask_name(names.get(user_of(item).id)),
                                 "phone_masked": mask_phone(user_of(item).phone)} for item in result["items"]]}


def station_of_campaign(actor, campaign_id, station_id):
    """A station in the officer's subtree that belongs to this campaign; 404 otherwise."""
    station = get_station_in_scope(actor, station_id)
    if station.campaign_id != get_campaign(actor, campaign_id).id:
        raise StationNotFound()
    return station


def list_signups(actor, campaign_id, station_id=None, *, page=1, per_page=20):
    """Sign-ups of the campaign at the stations of the officer's subtree (or at one of them),
    newest first: {items: [{record: CampaignSignup, name_masked, phone_masked}], …}."""
    campaign = get_campaign(actor, campaign_id)
    stmt = (sa.select(CampaignSignup).join(Station, CampaignSignup.station_id == Station.id)
            .where(CampaignSignup.campaign_id == campaign.id, scope_filter(actor, Station.org_id))
            .options(selectinload(CampaignSignup.user), selectinload(CampaignSignup.station))
            .order_by(CampaignSignup.created_at.desc(), CampaignSignup.id.desc()))
    if station_id is not None:
        stmt = stmt.where(Station.id == station_of_campaign(actor, campaign.id, station_id).id)
    return _with_names(paginate(stmt, page, per_page), lambda signup: signup.user)


def list_named_redemptions(actor, campaign_id, station_id=None, *, page=1, per_page=20):
    """The redemption log (see services.list_redemptions) with each worker's name on file."""
    if station_id is not None:
        station_of_campaign(actor, campaign_id, station_id)
    return _with_names(list_redemptions(actor, campaign_id, station_id, page=page, per_page=per_page),
                       lambda redemption: redemption.signup.user)

