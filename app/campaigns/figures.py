"""送清凉 figures of a period and a subtree (the report and the dashboard's trend): aggregate queries."""
import sqlalchemy as sa

from app.auth import roles
from app.auth.roles import require_role
from app.campaigns.models import Campaign, CampaignSignup, Redemption, Station
from app.extensions import db
from app.orgs.services import subtree_ids, under
from app.timeutil import period_bucket


def campaign_period_figures(actor, root, day_cuts):
    """Campaigns under way in [day_cuts[0], day_cuts[-1]) run under `root` or with a station there, their
    stations under `root`, sign-ups taken and packs handed out there (with the series per day)."""
    require_role(actor, roles.OFFICE)
    start, end = day_cuts[0], day_cuts[-1]
    overlapping = sa.and_(Campaign.signup_starts_at < end, Campaign.pickup_ends_at >= start)
    stations_here = under(root, Station.org_id)
    with_station_here = sa.select(Station.campaign_id).where(stations_here)
    campaigns = db.session.scalar(sa.select(sa.func.count()).select_from(Campaign).where(
        overlapping, sa.or_(Campaign.org_id.in_(subtree_ids(root)), Campaign.id.in_(with_station_here))))
    stations = db.session.scalar(sa.select(sa.func.count()).select_from(Station)
                                 .join(Campaign, Campaign.id == Station.campaign_id).where(overlapping, stations_here))
    signed_up = db.session.scalar(sa.select(sa.func.count()).select_from(CampaignSignup)
                                  .join(Station, Station.id == CampaignSignup.station_id)
                                  .where(stations_here, CampaignSignup.status != "cancelled",
                                         CampaignSignup.created_at >= start, CampaignSignup.created_at < end))
    day = period_bucket(Redemption.redeemed_at, day_cuts).label("bucket")
    per_day = dict(db.session.execute(
        sa.select(day, sa.func.count()).select_from(Redemption).join(Station, Station.id == Redemption.station_id)
        .where(stations_here, Redemption.redeemed_at >= start, Redemption.redeemed_at < end)
        .group_by(sa.literal_column("bucket"))).all())
    return {"campaigns": campaigns, "stations": stations, "signed_up": signed_up,
            "packs_handed_out": sum(per_day.values()),
            "pickups_by_day": [per_day.get(i, 0) for i in range(1, len(day_cuts))]}
