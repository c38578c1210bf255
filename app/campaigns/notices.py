"""What heat-relief workers are told: the sign-up confirmation with the pickup code, the reminder on
the first pickup day, and the notice when their station closes (queued in the deciding transaction)."""
from datetime import datetime, time

import sqlalchemy as sa

from app.campaigns.models import CampaignSignup
from app.extensions import db
from app.notifications.services import drop_scheduled, queue_notification
from app.timeutil import SHANGHAI, to_local

#: The pickup reminder goes out at this local time on the first pickup day.
PICKUP_REMINDER_AT = time(8, 0)
PICKUP_REMINDER_KIND = "campaigns.pickup_reminder"


def pickup_reminder_due_at(pickup_starts_at):
    """PICKUP_REMINDER_AT on the first pickup day, but not before pickup opens."""
    first_day = pickup_starts_at.astimezone(SHANGHAI).date()
    return max(datetime.combine(first_day, PICKUP_REMINDER_AT, tzinfo=SHANGHAI), pickup_starts_at)


def _signup_details(signup_id, short_code, campaign, station):
    return {"signup_id": signup_id, "campaign_name": campaign.name, "short_code": short_code,
            "station_name": station.name, "station_address": station.address,
            "pickup_starts_at": to_local(campaign.pickup_starts_at).isoformat(),
            "pickup_ends_at": to_local(campaign.pickup_ends_at).isoformat()}


def queue_signup_events(signup, campaign, station, now):
    """The confirmation with the pickup code now; the reminder on the first pickup day if still ahead."""
    details = _signup_details(signup["id"], signup["short_code"], campaign, station)
    subject = ("campaign_signup", signup["id"])
    queue_notification(signup["user_id"], "campaigns.signup_confirmed", subject=subject, **details)
    due = pickup_reminder_due_at(campaign.pickup_starts_at)
    if due > now:
        queue_notification(signup["user_id"], PICKUP_REMINDER_KIND, due_at=due, subject=subject, **details)


def notify_station_closed(station):
    """Everyone still to pick up at a station that just closed hears what to do; their reminders go."""
    signups = db.session.scalars(sa.select(CampaignSignup).where(CampaignSignup.station_id == station.id,
                                                                 CampaignSignup.status == "signed_up")).all()
    for signup in signups:
        queue_notification(signup.user_id, "campaigns.station_closed", subject=("campaign_signup", signup.id),
                           **_signup_details(signup.id, signup.short_code, station.campaign, station))
    drop_scheduled("campaign_signup", [signup.id for signup in signups], PICKUP_REMINDER_KIND)
    return len(signups)
