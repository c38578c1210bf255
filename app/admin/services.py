"""The dashboard's figures for the officer screen and its JSON twin.

Every figure comes from the owning domain's service; this module only puts them side by side,
so the page and `GET /api/v1/admin/stats` cannot disagree.
"""
from app.campaigns.services import campaign_figures
from app.legal_aid.stats import legal_aid_stats
from app.membership.services import membership_figures


def dashboard_figures(actor):
    """The dashboard's numbers for the officer's subtree, one section per domain."""
    return {"membership": membership_figures(actor=actor), "legal_aid": legal_aid_stats(actor=actor),
            "campaigns": campaign_figures(actor=actor)}
