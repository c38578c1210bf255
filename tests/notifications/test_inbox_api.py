"""The inbox (newest first, unread count, read one, read all; only the owner) and the subscribe-message
catalogue and acceptances the mini-program reports."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.notifications.models import Notification, SubscribeAcceptance
from app.notifications.services import queue_notification
from app.timeutil import utcnow
from tests.conftest import assert_error
from tests.notifications.helpers import INBOX, inbox

SUSPENDED = {"org_name": "顺丰速运站工会", "reason": "长期未缴会费"}


def _queue(app, user_id, count, **options):
    with app.app_context():
        ids = [queue_notification(user_id, "membership.member_suspended", member_id=i, **SUSPENDED, **options)
               for i in range(count)]
        db.session.commit()
        return [n.id for n in ids]


def _user_id(app, client, headers):
    return client.get("/api/v1/me", headers=headers).get_json()["id"]


def test_inbox_is_newest_first_with_unread_count_and_pages(app, client, login_worker):
    alice = login_worker("alice")
    ids = _queue(app, _user_id(app, client, alice), 3)
    _queue(app, _user_id(app, client, alice), 1, due_at=utcnow() + timedelta(days=1))  # not due yet: not shown

    first = inbox(client, alice, per_page=2)
    assert [item["id"] for item in first["items"]] == [ids[2], ids[1]]
    assert (first["total"], first["unread_count"], first["page"]) == (3, 3, 1)
    assert first["items"][0]["title"] == "会籍已暂停" and first["items"][0]["read"] is False
    assert [item["id"] for item in inbox(client, alice, per_page=2, page=2)["items"]] == [ids[0]]


def test_reading_one_and_all_is_for_the_owner_only(app, client, login_worker):
    alice, bob = login_worker("alice"), login_worker("bob")
    ids = _queue(app, _user_id(app, client, alice), 3)
    bob_ids = _queue(app, _user_id(app, client, bob), 1)

    response = client.post(f"{INBOX}/{ids[0]}/read", headers=alice)
    assert response.status_code == 200 and response.get_json()["read"] is True
    assert inbox(client, alice)["unread_count"] == 2
    # Bob cannot read (nor learn about) alice's message, and his read-all leaves hers alone.
    assert_error(client.post(f"{INBOX}/{ids[1]}/read", headers=bob), 404, "notification_not_found")
    assert client.post(f"{INBOX}/read-all", headers=bob).get_json() == {"unread_count": 0, "marked": 1}
    assert inbox(client, alice)["unread_count"] == 2
    assert [item["id"] for item in inbox(client, bob)["items"]] == bob_ids

    assert client.post(f"{INBOX}/read-all", headers=alice).get_json() == {"unread_count": 0, "marked": 2}
    assert inbox(client, alice)["unread_count"] == 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                                 .where(Notification.read_at.is_(None))) == 0
    assert_error(client.get(INBOX), 401)
    assert_error(client.post(f"{INBOX}/read-all"), 401)


def test_templates_catalogue_comes_from_config(client, app):
    body = client.get("/api/v1/notifications/templates").get_json()
    templates = app.config["WECHAT_TEMPLATES"]
    assert body["moments"]["book"] == [templates["booking_confirmed"], templates["booking_reminder"],
                                       templates["booking_cancelled"]]
    assert body["moments"]["apply"] == [templates["application_result"], templates["membership_status"]]
    assert {"event": "legal_aid.session_cancelled", "title": "律师接待日已取消",
            "template_id": templates["booking_cancelled"]} in body["events"]
    assert len(body["events"]) == 11 and all(len(ids) <= 3 for ids in body["moments"].values())


def test_subscription_results_count_each_acceptance(app, client, login_worker):
    alice = login_worker("alice")
    templates = app.config["WECHAT_TEMPLATES"]
    confirmed, reminder = templates["booking_confirmed"], templates["booking_reminder"]
    url = "/api/v1/notifications/subscriptions"

    for _ in range(2):
        response = client.post(url, json={"results": {confirmed: "accept", reminder: "reject"}}, headers=alice)
        assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"subscriptions": sorted(
        [{"template_id": confirmed, "remaining": 2}, {"template_id": reminder, "remaining": 0}],
        key=lambda s: s["template_id"])}
    client.post(url, json={"results": {confirmed: "ban"}}, headers=alice)
    with app.app_context():
        row = db.session.scalar(sa.select(SubscribeAcceptance).where(SubscribeAcceptance.template_id == confirmed))
        assert (row.remaining, row.last_result) == (0, "ban")

    error = assert_error(client.post(url, json={"results": {"not-ours": "accept"}}, headers=alice), 422)
    assert "not-ours" in error["fields"]["results"]
    assert_error(client.post(url, json={"results": {confirmed: "maybe"}}, headers=alice), 422)
    assert_error(client.post(url, json={"results": {}}, headers=alice), 422)
    assert_error(client.post(url, json={"results": {confirmed: "accept"}}), 401)
