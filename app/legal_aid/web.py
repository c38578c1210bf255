"""Pages of the legal-aid domain: the sessions calendar, creating sessions, the roster of a day."""
from datetime import timedelta

from flask import g, render_template, request, url_for

from app.admin.filters import read_filters, shown
from app.admin.web import act, attempt, back_url, load_form, menu_item, officer_pages, page_args, require_roles
from app.admin.web_exports import send_export
from app.auth import roles
from app.legal_aid import casework, exports
from app.legal_aid import services as legal_aid
from app.legal_aid.models import OUTCOMES
from app.legal_aid.schemas import OutcomeInSchema, RecurringSessionInSchema, SessionInSchema
from app.timeutil import local_now, utcnow

SESSION_FILTERS = ("from_date", "to_date", "org_id")
WEEKDAYS = [(1, "星期一"), (2, "星期二"), (3, "星期三"), (4, "星期四"), (5, "星期五"), (6, "星期六"), (7, "星期日")]

bp = officer_pages("legal_aid_pages", __name__)

menu_item(50, "法律援助", "legal_aid_pages.legal_aid_sessions", allowed=roles.LEGAL_AID_VIEWERS,
          also={"legal_aid_pages.legal_aid_session"})
menu_item(55, "待登记结果", "legal_aid_pages.legal_aid_outcomes_to_record", allowed=roles.LEGAL_AID_VIEWERS)


def _calendar_filters(source=None):
    today = local_now().date()
    return read_filters(SESSION_FILTERS, source, defaults={"from_date": today.isoformat(),
                                                           "to_date": (today + timedelta(days=62)).isoformat()})


@bp.get("/legal-aid")
def legal_aid_sessions():
    require_roles(roles.LEGAL_AID_VIEWERS)
    filters = _calendar_filters()
    page, per_page = page_args(50)
    result = legal_aid.list_sessions(g.officer, **filters, page=page, per_page=per_page)
    manager = g.officer.role in roles.OFFICE
    days = {}
    for session in result["items"]:
        days.setdefault(session.date, []).append(session)
    return render_template(
        "legal_aid/sessions.html", result=result, days=days, filters=shown(filters, SESSION_FILTERS),
        manager=manager, weekdays=WEEKDAYS,
        lawyers=legal_aid.list_lawyers(g.officer, active=True, per_page=100)["items"] if manager else [])


def _recurring_summary(result):
    skipped = result["skipped_dates"]
    return f"已创建 {len(result['created'])} 个接待日" + (f"，跳过已有的 {len(skipped)} 天" if skipped else "")


@bp.post("/legal-aid/sessions")
def legal_aid_session_create():
    require_roles(roles.OFFICE)
    back = url_for("legal_aid_pages.legal_aid_sessions")
    if request.form.get("recurring") == "1":
        return act(lambda: legal_aid.create_recurring_sessions(
            g.officer, load_form(RecurringSessionInSchema(), list_fields=("weeks_of_month",), checkboxes=("is_online",))),
            _recurring_summary,
            back, keep="recurring-form")
    return act(lambda: legal_aid.create_session(g.officer, load_form(SessionInSchema(), checkboxes=("is_online",))),
               lambda s: f"已创建 {s.date} 的接待日（{len(s.slots)} 个时段）",
               lambda s: url_for("legal_aid_pages.legal_aid_session", session_id=s.id), back, keep="session-form")


@bp.get("/legal-aid/outcomes")
def legal_aid_outcomes_to_record():
    """Cases whose slot has begun without an outcome yet: what a lawyer or officer still has to record."""
    require_roles(roles.LEGAL_AID_VIEWERS)
    page, per_page = page_args(50)
    return render_template("legal_aid/outcomes.html",
                           result=casework.outcomes_to_record(g.officer, page=page, per_page=per_page))


@bp.get("/legal-aid/sessions/<int:session_id>")
def legal_aid_session(session_id, revealed=None):
    require_roles(roles.LEGAL_AID_VIEWERS)
    roster = casework.session_roster(g.officer, session_id)
    now = utcnow()
    # The desk's buttons appear once its window opens (casework.desk_opens_at); before that, from when.
    opens = {b.id: casework.desk_opens_at(b.slot) for b in roster["items"]}
    not_yet = {booking_id: at for booking_id, at in opens.items() if at > now}
    return render_template("legal_aid/session.html", session=roster["session"], bookings=roster["items"],
                           outcomes=OUTCOMES, manager=g.officer.role in roles.OFFICE, revealed=revealed or {},
                           not_yet=not_yet)


@bp.post("/legal-aid/sessions/<int:session_id>/bookings/<int:booking_id>/reveal-phone")
def legal_aid_booking_reveal_phone(session_id, booking_id):
    """Shown once on this response only: the full number never goes into a redirect or the session."""
    require_roles(roles.LEGAL_AID_VIEWERS)
    back = url_for("legal_aid_pages.legal_aid_session", session_id=session_id)
    ok, result = attempt(lambda: casework.reveal_booking_phone(g.officer, booking_id, request.form.get("reason")),
                         back)
    return legal_aid_session(session_id, revealed={booking_id: result}) if ok else result


@bp.post("/legal-aid/sessions/<int:session_id>/cancel")
def legal_aid_session_cancel(session_id):
    require_roles(roles.OFFICE)
    back = url_for("legal_aid_pages.legal_aid_session", session_id=session_id)
    return act(lambda: legal_aid.cancel_session(g.officer, session_id, request.form.get("reason", "").strip()),
               "已取消该接待日，已预约的职工将收到通知", back)


@bp.post("/legal-aid/bookings/<int:booking_id>/<any(check_in, no_show, outcome):action>")
def legal_aid_booking(booking_id, action):
    require_roles(roles.LEGAL_AID_VIEWERS)
    back = back_url(url_for("legal_aid_pages.legal_aid_sessions"))
    if action == "check_in":
        return act(lambda: casework.check_in_booking(g.officer, booking_id), "已签到", back)
    if action == "no_show":
        return act(lambda: casework.mark_no_show(g.officer, booking_id), "已标记为未到场", back)
    return act(lambda: casework.record_outcome(g.officer, booking_id, load_form(OutcomeInSchema())),
               "已登记办理结果", back)


@bp.post("/legal-aid/cases/export.xlsx")
def legal_aid_cases_export():
    require_roles(roles.OFFICE)
    return send_export(exports.CASES, read_filters(SESSION_FILTERS, request.form))
