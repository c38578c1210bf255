"""What each event says: the inbox title and text, the page it opens, and the subscribe message.

Every template chosen in the 订阅消息 console for these keys must carry the keywords `thing1`
(事项), `phrase2` (结果/状态), `thing3` (说明) and `time4` (时间); WeChat caps a `thing` at 20
characters and a `phrase` at 5, so the inbox holds the full text and the message a short form.
"""
from dataclasses import dataclass
from datetime import datetime

from app.timeutil import to_local


def when(value):
    """'7月3日 14:00' in Shanghai time, from an aware datetime or its ISO text."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = to_local(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def reason(payload):
    return (payload.get("reason") or "").strip() or "未说明"


def clip(text, limit):
    text = str(text or "").strip() or "—"
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Event:
    #: Key of WECHAT_TEMPLATES whose template carries this event.
    template: str
    title: str
    #: (payload) → the inbox text.
    body: object
    page: str
    #: (payload) → (thing1, phrase2, thing3) of the subscribe message.
    keywords: object


EVENTS = {
    "membership.application_approved": Event(
        "application_result", "入会申请已通过",
        lambda p: f"您加入{p['org_name']}的申请已审核通过，会员号 {p['member_no']}。"
                  "电子会员卡已可在“会员卡”中查看。",
        "pages/membership/card",
        lambda p: ("工会入会申请", "已通过", f"会员号 {p['member_no']}")),
    "membership.application_rejected": Event(
        "application_result", "入会申请未通过",
        lambda p: f"您加入{p['org_name']}的申请未通过审核。原因：{reason(p)}。您可修改信息后重新申请。",
        "pages/membership/applications",
        lambda p: ("工会入会申请", "未通过", reason(p))),
    "membership.transfer_approved": Event(
        "transfer_result", "转会申请已通过",
        lambda p: f"您从{p['from_org_name']}转入{p['to_org_name']}的申请已通过，会员关系已转入{p['to_org_name']}。",
        "pages/membership/transfer",
        lambda p: ("会员转会申请", "已通过", f"已转入{p['to_org_name']}")),
    "membership.transfer_rejected": Event(
        "transfer_result", "转会申请未通过",
        lambda p: f"{p['to_org_name']}未接收您的转会申请。原因：{reason(p)}。"
                  f"您的会员关系仍在{p['from_org_name']}。",
        "pages/membership/transfer",
        lambda p: ("会员转会申请", "未通过", reason(p))),
    "membership.member_suspended": Event(
        "membership_status", "会籍已暂停",
        lambda p: f"您在{p['org_name']}的会籍已暂停。原因：{reason(p)}。如有疑问请联系所在工会。",
        "pages/membership/card",
        lambda p: ("工会会籍", "已暂停", reason(p))),
    "legal_aid.booking_confirmed": Event(
        "booking_confirmed", "律师接待预约成功",
        lambda p: f"您已预约 {when(p['slot_starts_at'])} 的律师接待（{p['org_name']}），地点：{p['place']}。"
                  "请按时到场；如需取消，请在“我的预约”中办理。",
        "pages/legal-aid/bookings",
        lambda p: ("律师接待预约", "预约成功", p["place"])),
    "legal_aid.booking_reminder": Event(
        "booking_reminder", "明天有律师接待",
        lambda p: f"提醒：您预约的律师接待在 {when(p['slot_starts_at'])}，地点：{p['place']}（{p['org_name']}）。"
                  "请带好劳动合同、工资条等材料。",
        "pages/legal-aid/bookings",
        lambda p: ("律师接待提醒", "明天", p["place"])),
    "legal_aid.session_cancelled": Event(
        "booking_cancelled", "律师接待日已取消",
        lambda p: f"您预约的 {when(p['slot_starts_at'])} 律师接待（{p['org_name']}，{p['place']}）已由工会取消。"
                  f"原因：{reason(p)}。您可另约其他接待日。",
        "pages/legal-aid/bookings",
        lambda p: ("律师接待预约", "已取消", reason(p))),
    "campaigns.signup_confirmed": Event(
        "signup_confirmed", "清凉包报名成功",
        lambda p: f"您已报名“{p['campaign_name']}”，领取码 {p['short_code']}。"
                  f"请于 {when(p['pickup_starts_at'])} 至 {when(p['pickup_ends_at'])} "
                  f"到{p['station_name']}（{p['station_address']}）领取。",
        "pages/campaigns/signups",
        lambda p: (p["campaign_name"], "报名成功", f"领取码 {p['short_code']}")),
    "campaigns.pickup_reminder": Event(
        "pickup_reminder", "今天可以领取清凉包了",
        lambda p: f"“{p['campaign_name']}”今天开始领取。请凭领取码 {p['short_code']} "
                  f"到{p['station_name']}（{p['station_address']}）领取，截止 {when(p['pickup_ends_at'])}。",
        "pages/campaigns/signups",
        lambda p: (p["campaign_name"], "开始领取", p["station_name"])),
    "campaigns.station_closed": Event(
        "station_closed", "领取驿站已关闭",
        lambda p: f"您报名领取“{p['campaign_name']}”的{p['station_name']}已暂停开放。"
                  "请在“我的报名”中取消后改选其他驿站，或联系工会咨询。",
        "pages/campaigns/signups",
        lambda p: (p["campaign_name"], "驿站关闭", "请改选其他驿站")),
}

#: Which templates the mini-program asks for at each moment (at most 3 per request, as WeChat allows).
MOMENTS = {
    "apply": ("application_result", "membership_status"),
    "transfer": ("transfer_result",),
    "book": ("booking_confirmed", "booking_reminder", "booking_cancelled"),
    "signup": ("signup_confirmed", "pickup_reminder", "station_closed"),
}


def render(kind, payload):
    """(title, body, page) for the inbox."""
    event = EVENTS[kind]
    return event.title, event.body(payload), event.page


def message_data(kind, payload, at):
    """The `data` of subscribeMessage.send for an event that happened (or is due) at `at`."""
    thing1, phrase2, thing3 = EVENTS[kind].keywords(payload)
    return {"thing1": {"value": clip(thing1, 20)}, "phrase2": {"value": clip(phrase2, 5)},
            "thing3": {"value": clip(thing3, 20)}, "time4": {"value": f"{to_local(at):%Y-%m-%d %H:%M}"}}
