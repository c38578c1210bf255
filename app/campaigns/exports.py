"""The heat-relief sheets of the officer screen's Excel export: sign-ups and redemptions of a
campaign (or of one of its stations), names and phones masked; every export is audited."""
from app.admin.exports import Sheet, export_workbook, label, pages, when
from app.audit.services import record_audit
from app.campaigns import rosters
from app.campaigns.services import get_campaign

METHOD_LABELS = {"token": "扫码", "short_code": "输入领取码"}


def _scope(actor, filters):
    """"活动 … · 驿站 …", or the officer's union when every station of their subtree is in."""
    campaign = get_campaign(actor, filters["campaign_id"])
    if filters.get("station_id") is not None:
        station = rosters.station_of_campaign(actor, campaign.id, filters["station_id"])
        return f"活动：{campaign.name} · 驿站：{station.name}"
    return f"活动：{campaign.name} · 范围：{actor.org.name}管辖的全部驿站"


def _worker(item):
    return [item["name_masked"] or "（非会员）", item["phone_masked"] or ""]


def _signup_row(item, _full):
    s = item["record"]
    return [s.id, s.station.name, *_worker(item), label("signup_status", s.status), when(s.created_at),
            when(s.picked_up_at), when(s.cancelled_at)]


def _redemption_row(item, _full):
    r = item["record"]
    return [r.id, when(r.redeemed_at), r.station.name, *_worker(item), METHOD_LABELS.get(r.method, r.method),
            r.officer.name, r.signup_id]


SIGNUPS = Sheet(
    "campaign_signups", "送清凉报名",
    ["报名编号", "驿站", "职工姓名", "手机号", "状态", "报名时间", "领取时间", "取消时间"],
    lambda actor, f: pages(lambda **kw: rosters.list_signups(actor, **kw), f), _signup_row, _scope)

REDEMPTIONS = Sheet(
    "campaign_redemptions", "送清凉核销",
    ["核销编号", "核销时间", "驿站", "职工姓名", "手机号", "核销方式", "核销人", "报名编号"],
    lambda actor, f: pages(lambda **kw: rosters.list_named_redemptions(actor, **kw), f), _redemption_row, _scope)

SHEETS = {"signups": SIGNUPS, "redemptions": REDEMPTIONS}


def export_campaign_sheet(actor, kind, campaign_id, station_id=None):
    """(xlsx bytes, file name, rows) of the sign-ups or redemptions; the export is an audit entry
    with its scope and row count."""
    sheet = SHEETS[kind]
    campaign = get_campaign(actor, campaign_id)
    filters = {"campaign_id": campaign.id, "station_id": station_id}
    content, filename, count = export_workbook(actor, sheet, filters)
    record_audit("campaign.exported", actor=actor, target=campaign, org_id=actor.org_id, to_state=sheet.kind,
                 rows=count, station_id=station_id)
    return content, filename, count
