"""Pages of the heat-relief campaigns: campaigns, stations and stock, the redemption log, redeeming."""
from flask import g, render_template, request, url_for

from app.admin.web import (
    act,
    attempt,
    back_url,
    form_int,
    load_form,
    menu_item,
    officer_pages,
    page_args,
    require_roles,
)
from app.admin.web_exports import xlsx_response
from app.auth import roles
from app.campaigns import editing, rosters
from app.campaigns import services as relief
from app.campaigns.exports import export_campaign_sheet
from app.campaigns.models import ELIGIBILITIES, LIMIT_RULES
from app.campaigns.pickups import redeem_pickup
from app.campaigns.places import city_bounds, outside_city
from app.campaigns.schemas import CampaignCreateSchema, CampaignEditSchema, StationCreateSchema, StationEditSchema

bp = officer_pages("campaigns_pages", __name__)

menu_item(60, "送清凉", "campaigns_pages.campaigns", also={"campaigns_pages.campaign", "campaigns_pages.station"})
menu_item(65, "核销领取", "campaigns_pages.redeem", allowed=(roles.STATION_STAFF,))


@bp.get("/campaigns")
def campaigns():
    require_roles(roles.OFFICE)
    page, per_page = page_args()
    return render_template("campaigns/campaigns.html", result=relief.list_campaigns(g.officer, page=page,
                                                                                   per_page=per_page),
                           eligibilities=ELIGIBILITIES, limits=LIMIT_RULES)


@bp.post("/campaigns/new")
def campaign_create():
    require_roles(roles.OFFICE)
    return act(lambda: relief.create_campaign(g.officer, load_form(CampaignCreateSchema(),
                                                                      list_fields=("pack_contents",))),
               lambda c: f"已创建活动「{c.name}」", lambda c: url_for("campaigns_pages.campaign", campaign_id=c.id),
               url_for("campaigns_pages.campaigns"), keep="campaign-form")


@bp.get("/campaigns/<int:campaign_id>")
def campaign(campaign_id):
    require_roles(roles.OFFICE)
    found = relief.get_campaign(g.officer, campaign_id)
    station_id = request.args.get("station_id", type=int)
    page, per_page = page_args()
    return render_template("campaigns/campaign.html", campaign=found,
                           stations=relief.station_figures(g.officer, campaign_id),
                           redemptions=relief.list_redemptions(g.officer, campaign_id, station_id,
                                                                  page=page, per_page=per_page),
                           station_id=station_id, eligibilities=ELIGIBILITIES, limits=LIMIT_RULES, city=city_bounds())


def _campaign_url(campaign_id):
    return url_for("campaigns_pages.campaign", campaign_id=campaign_id)


def _edit_form(schema, clearable=(), **options):
    """An edit form through its schema; an optional text emptied on the form clears it (None)."""
    data = load_form(schema, **options)
    data.update({name: None for name in clearable if name in request.form and not request.form[name].strip()})
    return data


@bp.post("/campaigns/<int:campaign_id>/edit")
def campaign_edit(campaign_id):
    require_roles(roles.OFFICE)
    return act(lambda: editing.update_campaign(g.officer, campaign_id, _edit_form(
                   CampaignEditSchema(), ("description",), list_fields=("pack_contents",))),
               lambda c: f"已保存活动「{c.name}」", _campaign_url(campaign_id), keep="campaign-edit")


@bp.get("/campaigns/<int:campaign_id>/stations/<int:station_id>")
def station(campaign_id, station_id):
    """A station: its details to edit, and who signed up there (masked), newest first."""
    require_roles(roles.OFFICE)
    page, per_page = page_args()
    found = rosters.station_of_campaign(g.officer, campaign_id, station_id)
    signups = rosters.list_signups(g.officer, campaign_id, station_id, page=page, per_page=per_page)
    return render_template("campaigns/station.html", station=found, campaign=found.campaign, signups=signups,
                           city=city_bounds(), outside=outside_city(found.latitude, found.longitude))


def _station_url(campaign_id, station_id):
    return url_for("campaigns_pages.station", campaign_id=campaign_id, station_id=station_id)


@bp.post("/campaigns/<int:campaign_id>/stations/<int:station_id>/edit")
def station_edit(campaign_id, station_id):
    require_roles(roles.OFFICE)
    rosters.station_of_campaign(g.officer, campaign_id, station_id)
    return act(lambda: editing.update_station(g.officer, station_id, _edit_form(
                   StationEditSchema(), ("opening_hours", "phone"), checkboxes=("confirm_outside_city",))),
               lambda s: f"已保存驿站「{s.name}」", _station_url(campaign_id, station_id), keep="station-edit")


@bp.post("/campaigns/<int:campaign_id>/<any(signups, redemptions):kind>.xlsx")
def campaign_export(campaign_id, kind):
    """The sign-ups or redemptions of the campaign (or of the station the form names) as .xlsx."""
    require_roles(roles.OFFICE)
    station_id = form_int("station_id")
    back = _station_url(campaign_id, station_id) if station_id else _campaign_url(campaign_id)
    ok, result = attempt(lambda: export_campaign_sheet(g.officer, kind, campaign_id, station_id), back)
    return xlsx_response(result[0], result[1], f"campaign-{kind}") if ok else result


@bp.post("/campaigns/<int:campaign_id>/stations")
def station_create(campaign_id):
    require_roles(roles.OFFICE)
    return act(lambda: relief.create_station(g.officer, campaign_id, load_form(
                   StationCreateSchema(), checkboxes=("confirm_outside_city",))),
               lambda s: f"已添加驿站「{s.name}」", _campaign_url(campaign_id), keep="station-form")


@bp.post("/campaigns/<int:campaign_id>/stations/<int:station_id>/<any(stock, close, reopen):action>")
def station_change(campaign_id, station_id, action):
    require_roles(roles.OFFICE)
    back = back_url(_campaign_url(campaign_id))  # the station's own page sends itself as `back`
    if action == "stock":
        return act(lambda: relief.add_stock(g.officer, station_id, form_int("quantity")), "已补充库存", back)
    if action == "close":
        return act(lambda: relief.close_station(g.officer, station_id), "驿站已关闭", back)
    return act(lambda: relief.reopen_station(g.officer, station_id), "驿站已重新开放", back)


@bp.route("/redeem", methods=["GET", "POST"])
def redeem():
    """Station staff type the worker's 6-character code; officers pick one of their stations."""
    require_roles(roles.STATION_WORKERS)
    station_id = g.officer.station_id if g.officer.role == roles.STATION_STAFF else form_int("station_id", request.values)
    if request.method == "POST":
        return act(lambda: redeem_pickup(g.officer, station_id, short_code=request.form.get("short_code", "")),
                   lambda r: f"核销成功：领取码 {r.signup.short_code}，请发放清凉包",
                   url_for("campaigns_pages.redeem", station_id=station_id if g.officer.role != roles.STATION_STAFF else None))
    if station_id is not None and g.officer.role != roles.STATION_STAFF:
        relief.get_station_in_scope(g.officer, station_id)  # another subtree's station: 404, name unseen
    return render_template("campaigns/redeem.html", station=relief.station_brief(station_id),
                           station_id=station_id)
