"""Cross-domain reads for the officer screen and its JSON twin: the dashboard, officer accounts.

Every figure comes from the owning domain's service; this module only puts them side by side,
so the page and `GET /api/v1/admin/stats` cannot disagree.
"""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth import roles
from app.auth.roles import require_role
from app.auth.models import Officer
from app.errors import NotFound
from app.extensions import db
from app.orgs.models import Organization
from app.orgs.services import scope_filter
from app.schemas import paginate


def dashboard_figures(actor):
    """The dashboard's numbers for the officer's subtree, one section per domain."""
    from app.campaigns.services import campaign_figures
    from app.legal_aid.stats import legal_aid_stats
    from app.membership.services import membership_figures

    return {"membership": membership_figures(actor=actor), "legal_aid": legal_aid_stats(actor=actor),
            "campaigns": campaign_figures(actor=actor)}


def list_officers(actor, *, q=None, page=1, per_page=50):
    """Officer accounts, for city admins only."""
    require_role(actor, roles.CITY)
    stmt = sa.select(Officer).options(selectinload(Officer.org)).order_by(Officer.id)
    if q:
        stmt = stmt.where(sa.or_(Officer.username.contains(q, autoescape=True),
                                 Officer.display_name.contains(q, autoescape=True)))
    return paginate(stmt, page, per_page)


def get_officer(actor, officer_id):
    require_role(actor, roles.CITY)
    officer = db.session.get(Officer, officer_id)
    if officer is None:
        raise NotFound("未找到该账号", code="officer_not_found")
    return officer


def orgs_in_scope(actor, *, limit=2000):
    """(id, name, path) of the orgs an officer may pick in a form, top of the tree first."""
    stmt = (sa.select(Organization.id, Organization.name, Organization.path, Organization.kind)
            .where(scope_filter(actor, Organization.id)).order_by(Organization.path).limit(limit))
    return db.session.execute(stmt).all()


def grassroots_of_district(actor, district_id):
    """Grassroots unions of one district inside the officer's scope: the choices for a pool application."""
    stmt = (sa.select(Organization).where(scope_filter(actor, Organization.id),
                                          Organization.kind == "grassroots",
                                          Organization.district_id == district_id)
            .order_by(Organization.path))
    return db.session.scalars(stmt).all()


def officer_names(officer_ids):
    """{id: display name} for showing who did what on a timeline."""
    ids = [i for i in officer_ids if i is not None]
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Officer.id, Officer.display_name, Officer.username)
                              .where(Officer.id.in_(ids))).all()
    return {i: display or username for i, display, username in rows}


def grassroots_in_scope(actor):
    """Grassroots unions the officer may pick (e.g. for an enrollment point)."""
    return db.session.scalars(sa.select(Organization).where(scope_filter(actor, Organization.id),
                                                            Organization.kind == "grassroots")
                              .order_by(Organization.path)).all()


def station_brief(station_id):
    """(name, campaign name) of a station for the redeem page's heading; None when unknown."""
    from app.campaigns.models import Campaign, Station

    if station_id is None:
        return None
    return db.session.execute(sa.select(Station.name, Campaign.name.label("campaign_name"))
                              .join(Campaign, Campaign.id == Station.campaign_id)
                              .where(Station.id == station_id)).first()
