"""The federation's figures for a period and a subtree, put side by side from each domain's own
aggregate queries: the dashboard, the 统计报表 page, its workbook and GET /api/v1/admin/stats all
read this one dict, so they cannot disagree."""
from app.auth import roles
from app.auth.roles import require_role
from app.campaigns.figures import campaign_period_figures
from app.campaigns.services import campaign_figures
from app.figures_cache import KeptFigures
from app.legal_aid.stats import legal_aid_stats
from app.membership.figures import joined_figures, membership_figures, point_figures
from app.orgs.services import get_org_in_scope, union_figures
from app.reports.periods import resolve_period

#: (officer scope, subtree, period) → the figures: see federation_figures.
_KEPT = KeptFigures()


def federation_figures(actor, *, period=None, year=None, date_from=None, date_to=None, org_id=None):
    """Everything for one period and one union's subtree (default: the officer's own union)."""
    require_role(actor, roles.OFFICE)
    root = get_org_in_scope(actor, org_id) if org_id is not None else actor.org
    chosen = resolve_period(period, year=year, date_from=date_from, date_to=date_to)
    # Counted once, they serve the same officer scope, subtree and period for FIGURES_CACHE_SECONDS
    # (app.figures_cache; "counted_at" says when).
    key = (actor.role, actor.org_id, root.id, chosen.kind, chosen.first, chosen.last)
    return _KEPT.get(key, lambda now: _count_figures(actor, root, chosen, now))


def _count_figures(actor, root, chosen, now):
    joined = joined_figures(actor, root, chosen.month_cuts(), chosen.months)
    legal_aid = legal_aid_stats(actor, chosen.first, chosen.last, root.id)
    heat_relief = campaign_period_figures(actor, root, chosen.day_cuts())
    cases_by_month = {row["month"]: row["cases"] for row in legal_aid["by_month"]}
    return {
        "counted_at": now,
        "period": {"kind": chosen.kind, "kind_label": chosen.kind_label, "from": chosen.first,
                   "to": chosen.last, "label": chosen.label},
        "org": {"id": root.id, "name": root.name},
        "unions": union_figures(root),
        "membership": {**membership_figures(actor, root=root), "new_members": joined["new_members"],
                       "new_migrant_members": joined["new_migrant_members"]},
        "enrollment": point_figures(actor, root, chosen.start, chosen.end),
        "legal_aid": legal_aid,
        "campaigns": campaign_figures(actor),
        "campaigns_period": {k: v for k, v in heat_relief.items() if k != "pickups_by_day"},
        "trends": {"months": chosen.months, "days": chosen.days,
                   "new_members_by_district": joined["new_by_district"],
                   "new_members_by_occupation": joined["new_by_occupation"],
                   "legal_aid_cases": [cases_by_month.get(m, 0) for m in chosen.months],
                   "pickups": heat_relief["pickups_by_day"]},
    }
