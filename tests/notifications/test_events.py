"""Each decision reaches the worker's inbox with its own text, written in the decision's transaction;
reminders are scheduled for their day and dropped when what they remind of is cancelled."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.notifications import sender
from app.notifications.models import Notification
from app.timeutil import SHANGHAI, to_local, utcnow
from tests.campaigns.helpers import arrange_campaign, sign_up
from tests.legal_aid.conftest import ADMIN as LEGAL_AID_ADMIN
from tests.legal_aid.conftest import WORKER as LEGAL_AID
from tests.legal_aid.conftest import day_in
from tests.membership.helpers import apply, approve
from tests.notifications.helpers import inbox, titled

MEMBERSHIP_ADMIN = "/api/v1/admin/membership"


def rows(app, *conditions):
    with app.app_context():
        return [(n.kind, n.status, n.due_at) for n in db.session.scalars(
            sa.select(Notification).where(*conditions).order_by(Notification.id))]


def test_membership_decisions_reach_the_worker(app, client, orgs, login_worker, login_officer):
    city, alice, bob = login_officer(), login_worker("alice"), login_worker("bob")
    rejected = apply(client, alice, org_id=orgs["riders"]).get_json()["id"]
    client.post(f"{MEMBERSHIP_ADMIN}/applications/{rejected}/reject", json={"reason": "照片不清晰"}, headers=city)
    application = apply(client, bob, org_id=orgs["riders"], name="李强",
                        id_number="150104198507150025").get_json()["id"]
    member = approve(client, city, application).get_json()

    transfer = client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["builders"], "reason": "换工作"},
                           headers=bob).get_json()["id"]
    response = client.post(f"{MEMBERSHIP_ADMIN}/transfers/{transfer}/reject", json={"reason": "不在本单位工作"},
                           headers=login_officer("org_admin", "saihan"))
    assert response.status_code == 200, response.get_json()
    transfer = client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["couriers"], "reason": "换工作"},
                           headers=bob).get_json()["id"]
    assert client.post(f"{MEMBERSHIP_ADMIN}/transfers/{transfer}/approve", headers=city).status_code == 200
    response = client.post(f"{MEMBERSHIP_ADMIN}/members/{member['id']}/suspend", json={"reason": "长期未缴会费"},
                           headers=city)
    assert response.status_code == 200, response.get_json()

    assert titled(client, alice) == [
        ("入会申请未通过", "您加入美团外卖骑手联合工会的申请未通过审核。原因：照片不清晰。您可修改信息后重新申请。")]
    assert titled(client, bob) == [
        ("入会申请已通过", f"您加入美团外卖骑手联合工会的申请已审核通过，会员号 {member['member_no']}。"
                          "电子会员卡已可在“会员卡”中查看。"),
        ("转会申请未通过", "地铁2号线项目工会未接收您的转会申请。原因：不在本单位工作。"
                          "您的会员关系仍在美团外卖骑手联合工会。"),
        ("转会申请已通过", "您从美团外卖骑手联合工会转入顺丰速运站工会的申请已通过，会员关系已转入顺丰速运站工会。"),
        ("会籍已暂停", "您在顺丰速运站工会的会籍已暂停。原因：长期未缴会费。如有疑问请联系所在工会。"),
    ]
    pages = [item["page"] for item in inbox(client, bob)["items"]]
    assert pages == ["pages/membership/card", "pages/membership/transfer", "pages/membership/transfer",
                     "pages/membership/card"]


def test_a_refused_decision_writes_no_event(app, client, orgs, login_worker, login_officer):
    worker = login_worker("alice")
    application = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    # An officer outside the subtree: 404, the transaction rolls back, and nothing is queued.
    response = client.post(f"{MEMBERSHIP_ADMIN}/applications/{application}/reject", json={"reason": "x"},
                           headers=login_officer("org_admin", "saihan"))
    assert response.status_code == 404
    assert rows(app) == [] and inbox(client, worker)["total"] == 0


def test_booking_confirmation_and_day_before_reminder(app, client, make_session, book, login_worker,
                                                     login_officer):
    session = make_session(days=3, slots=(("14:00", 20, 2, None), ("14:20", 20, 1, None)))
    alice, bob = login_worker("alice"), login_worker("bob")
    assert book(session["slots"][0], "alice").status_code == 201
    bob_booking = book(session["slots"][1], "bob").get_json()["id"]

    slot_at = datetime.combine(day_in(3), time(14, 0), tzinfo=SHANGHAI)
    assert titled(client, alice) == [("律师接待预约成功", f"您已预约 {slot_at.month}月{slot_at.day}日 14:00 的律师接待"
                                      "（新城区总工会），地点：新城区职工服务中心三楼。请按时到场；如需取消，请在“我的预约”中办理。")]
    reminder_at = datetime.combine(day_in(2), time(10, 0), tzinfo=SHANGHAI)
    assert rows(app, Notification.kind == "legal_aid.booking_reminder") == [
        ("legal_aid.booking_reminder", "pending", reminder_at), ("legal_aid.booking_reminder", "pending", reminder_at)]

    # Bob cancels: his reminder is dropped with the booking.
    assert client.post(f"{LEGAL_AID}/bookings/{bob_booking}/cancel", headers=bob).status_code == 200
    assert [status for _, status, _ in rows(app, Notification.kind == "legal_aid.booking_reminder")] == [
        "pending", "dropped"]

    # The day before: the sender delivers alice's reminder (to the inbox, without an acceptance).
    with app.app_context():
        db.session.execute(sa.update(Notification).where(Notification.kind == "legal_aid.booking_reminder",
                                                         Notification.status == "pending")
                           .values(due_at=utcnow()))
        db.session.commit()
        summary = sender.run_once()
    assert (summary.inbox_only, summary.sent) == (3, 0)  # the two confirmations and alice's reminder
    assert titled(client, alice)[-1] == (
        "明天有律师接待", f"提醒：您预约的律师接待在 {slot_at.month}月{slot_at.day}日 14:00，"
                          "地点：新城区职工服务中心三楼（新城区总工会）。请带好劳动合同、工资条等材料。")
    assert [title for title, _ in titled(client, bob)] == ["律师接待预约成功"]


def test_cancelled_session_tells_the_reason_and_drops_the_reminder(app, client, make_session, book, login_worker,
                                                                   login_officer):
    session = make_session(days=3)
    alice = login_worker("alice")
    assert book(session["slots"][0], "alice").status_code == 201
    response = client.post(f"{LEGAL_AID_ADMIN}/sessions/{session['id']}/cancel",
                           json={"reason": "律师临时出差，改期另行通知"},
                           headers=login_officer("org_admin", "xincheng"))
    assert response.status_code == 200, response.get_json()

    assert [kind_status[:2] for kind_status in rows(app)] == [
        ("legal_aid.booking_confirmed", "pending"), ("legal_aid.booking_reminder", "dropped"),
        ("legal_aid.session_cancelled", "pending")]
    title, body = titled(client, alice)[-1]
    assert title == "律师接待日已取消"
    assert body.endswith("14:00 律师接待（新城区总工会，新城区职工服务中心三楼）已由工会取消。"
                         "原因：律师临时出差，改期另行通知。您可另约其他接待日。")
    # Even once its time has come, a dropped reminder is never sent nor shown.
    with app.app_context():
        db.session.execute(sa.update(Notification).values(due_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        sender.run_once()
    assert [title for title, _ in titled(client, alice)] == ["律师接待预约成功", "律师接待日已取消"]
    assert rows(app, Notification.kind == "legal_aid.booking_reminder")[0][1] == "dropped"


def test_heat_relief_sign_up_reminder_and_station_closed(app, client, orgs, login_worker, login_officer):
    pickup_starts = utcnow() + timedelta(days=2)
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, pickup_starts_at=pickup_starts.isoformat())
    alice, bob = login_worker("alice"), login_worker("bob")
    signup = sign_up(client, alice, campaign_id, station_id).get_json()
    bob_signup = sign_up(client, bob, campaign_id, station_id).get_json()

    local_start = to_local(pickup_starts)
    title, body = titled(client, alice)[0]
    assert title == "清凉包报名成功"
    assert body.startswith(f"您已报名“2026年夏季送清凉”，领取码 {signup['short_code']}。请于 "
                           f"{local_start.month}月{local_start.day}日 {local_start:%H:%M} 至 ")
    assert body.endswith("到新城区海拉尔东路驿站（新城区海拉尔东路驿站（测试地址））领取。")
    expected_due = max(datetime.combine(local_start.date(), time(8, 0), tzinfo=SHANGHAI), pickup_starts)
    assert [due for kind, _, due in rows(app, Notification.kind == "campaigns.pickup_reminder")] == [expected_due] * 2

    assert client.post(f"/api/v1/campaigns/signups/{bob_signup['id']}/cancel", headers=bob).status_code == 200
    response = client.post(f"/api/v1/admin/campaigns/stations/{station_id}/close", headers=login_officer())
    assert response.status_code == 200, response.get_json()

    assert [status for _, status, _ in rows(app, Notification.kind == "campaigns.pickup_reminder")] == [
        "dropped", "dropped"]
    assert titled(client, alice)[-1] == (
        "领取驿站已关闭", "您报名领取“2026年夏季送清凉”的新城区海拉尔东路驿站已暂停开放。"
                          "请在“我的报名”中取消后改选其他驿站，或联系工会咨询。")
    assert [title for title, _ in titled(client, bob)] == ["清凉包报名成功"]


def test_signing_up_during_pickup_sends_no_reminder(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs)  # pickup began yesterday
    assert sign_up(client, login_worker("alice"), campaign_id, station_id).status_code == 201
    assert [kind for kind, _, _ in rows(app)] == ["campaigns.signup_confirmed"]
