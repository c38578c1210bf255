"""The dashboard's figures for the officer screen and its JSON twin, and the officer's to-do.

Every figure comes from the owning domain's service, put side by side by app.reports.services,
so the page, the report and `GET /api/v1/admin/stats` cannot disagree.
"""
from app.legal_aid.casework import count_outcomes_to_record
from app.membership.figures import waiting_counts
from app.notifications.services import failed_deliveries
from app.privacy.services import pending_deletion_requests
from app.reports.services import federation_figures


def dashboard_figures(actor, **period):
    """The dashboard's numbers for a period (see app.reports.periods) and the officer's subtree."""
    return federation_figures(actor, **period)


def todo_counts(actor):
    """What waits for this officer, one count per list; None where their role has no such list."""
    waiting = waiting_counts(actor)
    return {"applications": waiting["applications"], "transfers": waiting["transfers"],
            "outcomes": count_outcomes_to_record(actor), "failed_deliveries": failed_deliveries(actor),
            "deletion_requests": pending_deletion_requests(actor)}
