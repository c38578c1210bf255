"""The sender against an HTTP-level WeChat fake: exactly once per acceptance despite failures,
backoff and its cap, permanent refusals, crashes mid-batch, and several senders at once."""
import logging
import threading
from collections import Counter

import pytest
import responses
import sqlalchemy as sa

from app.extensions import db
from app.notifications import sender
from app.notifications.models import Notification, SubscribeAcceptance
from app.notifications.services import queue_notification
from app.timeutil import utcnow
from tests.conftest import IS_POSTGRES
from tests.factories import make_workers
from tests.notifications.helpers import FakeWeChat, inbox, live_sender

KINDS = {  # kind → payload (template key in brackets)
    "membership.application_approved": {"org_name": "美团外卖骑手联合工会", "member_no": "HS2026000123"},
    "membership.member_suspended": {"org_name": "顺丰速运站工会", "reason": "长期未缴会费"},
    "legal_aid.session_cancelled": {"org_name": "新城区总工会", "place": "三楼", "reason": "律师出差",
                                    "slot_starts_at": "2026-07-03T14:00:00+08:00"},
    "campaigns.station_closed": {"campaign_name": "送清凉", "station_name": "东街驿站", "short_code": "ABC234",
                                 "station_address": "东街1号", "pickup_starts_at": "2026-07-01T09:00:00+08:00",
                                 "pickup_ends_at": "2026-07-10T18:00:00+08:00"},
}


@pytest.fixture
def fast_retries(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFICATIONS_RETRY_BASE_SECONDS", 0)
    monkeypatch.setitem(app.config, "NOTIFICATIONS_MAX_ATTEMPTS", 30)


def arrange_events(app, users, per_user, accepting):
    """per_user events for each of `users` (cycling through KINDS); the first `accepting` users
    accepted one message per event. → {notification id: user id}."""
    templates = app.config["WECHAT_TEMPLATES"]
    from app.notifications.events import EVENTS

    kinds = list(KINDS)
    with app.app_context():
        owner, wanted = {}, Counter()
        for round_ in range(per_user):
            for index, user_id in enumerate(users):
                kind = kinds[(round_ + index) % len(kinds)]
                owner[queue_notification(user_id, kind, **KINDS[kind])] = user_id
                if index < accepting:
                    wanted[(user_id, templates[EVENTS[kind].template])] += 1
        db.session.add_all(SubscribeAcceptance(user_id=user_id, template_id=template_id, remaining=n,
                                               last_result="accept") for (user_id, template_id), n in wanted.items())
        db.session.commit()
        return {notification.id: user_id for notification, user_id in owner.items()}


def statuses(app):
    with app.app_context():
        return dict(db.session.execute(sa.select(Notification.id, Notification.status)).all())


def drain(app, wechat_sender, passes=60):
    with app.app_context():
        for _ in range(passes):
            sender.run_once(wechat_sender)
            if not db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                                     .where(Notification.status == "pending")):
                return
        raise AssertionError("messages still pending after many passes")


def logged_ids(fake):
    return Counter(int(message["page"].rsplit("nid=", 1)[1]) for message in fake.log)


#: The full thousand on PostgreSQL; SQLite (one writer, a commit per step) runs a smaller batch.
USERS = 100 if IS_POSTGRES else 30


def test_a_thousand_events_reach_wechat_exactly_once_and_the_inbox_always(app, client, orgs, fast_retries):
    workers = make_workers(app, USERS, prefix="bulk")
    accepting = USERS * 4 // 5
    owner = arrange_events(app, [uid for uid, _ in workers], per_user=10, accepting=accepting)
    assert len(owner) == USERS * 10
    accepted_users = {uid for uid, _ in workers[:accepting]}

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock, transient=0.30, refused=0.05, seed=13)
        drain(app, live_sender(app))

    final, sent = statuses(app), logged_ids(fake)
    assert max(sent.values()) == 1, "a message reached WeChat twice"
    assert set(sent) == {nid for nid, status in final.items() if status == "sent"}
    with_acceptance = {nid for nid, uid in owner.items() if uid in accepted_users}
    assert {final[nid] for nid in with_acceptance} == {"sent", "refused"}
    assert {final[nid] for nid in set(owner) - with_acceptance} == {"inbox_only"}
    refused = sum(final[nid] == "refused" for nid in with_acceptance)
    assert 0.02 <= refused / len(with_acceptance) <= 0.10 and len(sent) == len(with_acceptance) - refused
    assert fake.calls > len(with_acceptance) * 1.25, "about 30 % of the calls failed and were tried again"
    # Every acceptance was used at most once: what is left is exactly what was not sent nor refused.
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.sum(SubscribeAcceptance.remaining))) == 0
    # And every one of the thousand is in its owner's inbox.
    seen = set()
    for _uid, headers in workers:
        page = inbox(client, headers, per_page=100)
        assert page["unread_count"] == 10
        seen |= {item["id"] for item in page["items"]}
    assert seen == set(owner)


def test_backoff_doubles_up_to_the_cap_then_the_message_fails(app, monkeypatch, web_login):
    monkeypatch.setitem(app.config, "NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
    monkeypatch.setitem(app.config, "NOTIFICATIONS_RETRY_CAP_SECONDS", 50)
    monkeypatch.setitem(app.config, "NOTIFICATIONS_MAX_ATTEMPTS", 3)
    assert [sender.backoff_seconds(n, app.config) for n in (1, 2, 3, 4)] == [30, 50, 50, 50]
    uncapped = {**app.config, "NOTIFICATIONS_RETRY_CAP_SECONDS": 3600}
    assert [sender.backoff_seconds(n, uncapped) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    (uid, _), = make_workers(app, 1)
    (nid, _), = arrange_events(app, [uid], per_user=1, accepting=1).items()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock, transient=1.0)
        wechat = live_sender(app)
        with app.app_context():
            for attempt, wait in ((1, 30), (2, 50)):
                started = utcnow()
                assert sender.run_once(wechat).retrying == 1
                row = db.session.get(Notification, nid)
                assert (row.status, row.attempts, row.last_error) == ("pending", attempt, "errcode -1: system error")
                assert wait - 1 <= (row.due_at - started).total_seconds() <= wait + 5
                assert sender.run_once(wechat).handled == 0  # not due yet
                db.session.execute(sa.update(Notification).values(due_at=utcnow()))
                db.session.commit()
            assert sender.run_once(wechat).failed == 1
            row = db.session.get(Notification, nid)
            assert (row.status, row.attempts) == ("failed", 3)
            # The failed tries did not use up the worker's acceptance.
            assert db.session.scalar(sa.select(SubscribeAcceptance.remaining)) == 1
    assert fake.calls == 3 and fake.log == []

    # A city admin sees it on the outbox page, with WeChat's error, and puts it back in the queue.
    admin = web_login("city_admin")
    page = admin.get("/admin/notifications?status=failed").get_data(as_text=True)
    assert f'data-id="{nid}"' in page and "errcode -1: system error" in page
    dashboard = admin.get("/admin/").get_data(as_text=True)
    assert '<strong>1</strong><span>发送失败的消息</span>' in dashboard  # the to-do row
    from tests.admin.conftest import post_form

    assert post_form(admin, "/admin/notifications/retry", {"id": str(nid)}).status_code == 302
    assert statuses(app)[nid] == "pending"
    assert '<strong>0</strong><span>发送失败的消息</span>' in admin.get("/admin/").get_data(as_text=True)
    assert web_login("org_admin", "xincheng").get("/admin/notifications").status_code == 404


def test_a_permanent_refusal_is_not_retried(app, fast_retries):
    (uid, _), = make_workers(app, 1)
    (nid, _), = arrange_events(app, [uid], per_user=1, accepting=1).items()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock, refused=1.0)
        with app.app_context():
            assert sender.run_once(live_sender(app)).refused == 1
            assert sender.run_once(live_sender(app)).handled == 0
            row = db.session.get(Notification, nid)
            assert (row.status, row.attempts) == ("refused", 1)
            assert row.last_error.startswith("errcode 43101")
    assert fake.calls == 1


def test_without_an_acceptance_no_message_is_sent(app, fast_retries):
    (uid, _), = make_workers(app, 1)
    arrange_events(app, [uid], per_user=3, accepting=0)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock)
        drain(app, live_sender(app))
    assert fake.calls == 0 and set(statuses(app).values()) == {"inbox_only"}


class SenderKilled(BaseException):
    """Stands for SIGKILL: nothing in the sender may catch it or clean up after it."""


def test_a_sender_killed_mid_batch_loses_nothing_and_doubles_nothing(app, monkeypatch, fast_retries):
    workers = make_workers(app, 20, prefix="crash")
    owner = arrange_events(app, [uid for uid, _ in workers], per_user=3, accepting=20)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock, transient=0.2, seed=7)

        def dies_after_the_25th(logged):
            if logged == 25:  # WeChat took the message; the sender dies before hearing so
                raise SenderKilled()

        fake.after_accepting = dies_after_the_25th
        with app.app_context():
            with pytest.raises(SenderKilled):
                sender.run_once(live_sender(app))
            db.session.remove()
        in_flight = [nid for nid, status in statuses(app).items() if status == "sending"]
        assert len(in_flight) == 1

        # Restarted (after the claim lease): the row in flight is not sent again, everything else is.
        monkeypatch.setitem(app.config, "NOTIFICATIONS_CLAIM_LEASE_SECONDS", 0)
        drain(app, live_sender(app))

    final, sent = statuses(app), logged_ids(fake)
    assert max(sent.values()) == 1
    assert set(sent) == set(owner), "every message reached WeChat, none twice"
    assert final[in_flight[0]] == "failed"
    assert {final[nid] for nid in set(owner) - set(in_flight)} == {"sent"}
    with app.app_context():
        assert db.session.get(Notification, in_flight[0]).last_error == sender.INTERRUPTED


@pytest.mark.postgres_only
def test_two_senders_at_once_send_nothing_twice(app, fast_retries):
    workers = make_workers(app, 20, prefix="pair")
    owner = arrange_events(app, [uid for uid, _ in workers], per_user=10, accepting=20)
    handled = []

    def run():
        with app.app_context():
            wechat = live_sender(app)
            for _ in range(40):
                summary = sender.run_once(wechat)
                handled.append(len(summary.ids))
                if not summary.ids:
                    break
            db.session.remove()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock, transient=0.3, seed=3)
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

    sent = logged_ids(fake)
    assert max(sent.values()) == 1 and set(sent) == set(owner)
    assert set(statuses(app).values()) == {"sent"}


def test_offline_stand_in_logs_one_masked_line_per_message(app, client, caplog, login_worker):
    alice = login_worker("alice")
    uid = client.get("/api/v1/me", headers=alice).get_json()["id"]
    arrange_events(app, [uid], per_user=2, accepting=1)
    with app.app_context():
        openid = db.session.scalar(sa.text("SELECT openid FROM users WHERE id = :id"), {"id": uid})
    caplog.set_level(logging.INFO, logger="app.wechat.subscribe")

    result = app.test_cli_runner().invoke(args=["notifications", "run", "--once"])

    assert result.exit_code == 0, result.output
    assert "sent=2 inbox_only=0" in result.output
    lines = [r.getMessage() for r in caplog.records if r.name == "app.wechat.subscribe"]
    assert len(lines) == 2 and all(line.startswith("offline wechat: subscribe message") for line in lines)
    assert all(openid not in line and f"to={openid[:4]}****{openid[-4:]}" in line for line in lines)
    assert not any("美团" in line or "未缴" in line for line in lines)
    assert inbox(client, alice)["total"] == 2


@pytest.mark.postgres_only
def test_a_row_another_sender_holds_is_skipped_not_waited_for(app, fast_retries):
    workers = make_workers(app, 3, prefix="skip")
    owner = arrange_events(app, [uid for uid, _ in workers], per_user=2, accepting=3)
    held, result = min(owner), {}

    def send_pass():
        with app.app_context():
            result["summary"] = sender.run_once(live_sender(app))
            db.session.remove()

    with app.app_context(), responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock)
        other = db.engine.connect()  # another sender, in the middle of claiming the first row
        other.execute(sa.select(Notification.id).where(Notification.id == held).with_for_update())
        try:
            thread = threading.Thread(target=send_pass)
            thread.start()
            thread.join(20)
            waited = thread.is_alive()  # it queued behind the held row instead of skipping it
        finally:
            other.rollback()
            other.close()
            thread.join(20)
    assert not waited
    summary = result["summary"]
    assert summary.sent == len(owner) - 1 and held not in summary.ids
    assert held not in logged_ids(fake) and statuses(app)[held] == "pending"
