"""The sender: delivers due outbox rows as WeChat subscribe messages, one row at a time.

Each row goes through two short transactions around the WeChat call (the second one is shared with
the next row's claim, so a message costs one commit):
1. claim — lock the row (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several senders never take the
   same row; SQLite has one writer at a time), use up one of the worker's acceptances (none left →
   the row is "inbox_only": no subscribe message without an acceptance), mark it "sending", commit;
2. the call, outside any transaction;
3. result — "sent"; "refused" for good (43101…); or back to "pending" with exponential backoff,
   and "failed" once the attempts are used up.
A sender that dies between 1 and 3 leaves its row "sending": after the claim lease a later pass
marks it "failed" with "result unknown" and never re-sends it by itself (WeChat may have
delivered it), so nothing is sent twice; every other row is still pending, so nothing is lost.
The inbox never depends on any of this: the row is there from the decision's commit on.
"""
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.auth.models import User
from app.extensions import db
from app.notifications.events import EVENTS, message_data
from app.notifications.models import Notification, SubscribeAcceptance
from app.timeutil import utcnow
from app.wechat.subscribe import SendFailed, SendRefused, make_subscribe_sender, masked_openid

log = logging.getLogger(__name__)

INTERRUPTED = "发送过程中断，微信是否已送达未知（未自动重发，可手动重发）"


@dataclass
class PassSummary:
    sent: int = 0
    inbox_only: int = 0
    refused: int = 0
    retrying: int = 0
    failed: int = 0
    interrupted: int = 0
    ids: list = field(default_factory=list)

    @property
    def handled(self):
        return self.sent + self.inbox_only + self.refused + self.retrying + self.failed


@dataclass(frozen=True)
class Claimed:
    id: int
    openid: str
    template_id: str
    data: dict
    page: str
    attempts: int


def subscribe_sender():
    """The WeChat (or offline) sender for this app, built once."""
    if "wechat_subscribe_sender" not in current_app.extensions:
        current_app.extensions["wechat_subscribe_sender"] = make_subscribe_sender(current_app.config)
    return current_app.extensions["wechat_subscribe_sender"]


def backoff_seconds(attempts, config=None):
    """Seconds before try number attempts + 1: BASE, 2·BASE, 4·BASE, … capped at CAP."""
    config = config or current_app.config
    base, cap = config["NOTIFICATIONS_RETRY_BASE_SECONDS"], config["NOTIFICATIONS_RETRY_CAP_SECONDS"]
    return min(cap, base * 2 ** max(attempts - 1, 0))


def _use_acceptance(user_id, template_id):
    return db.session.execute(
        sa.update(SubscribeAcceptance)
        .where(SubscribeAcceptance.user_id == user_id, SubscribeAcceptance.template_id == template_id,
               SubscribeAcceptance.remaining > 0)
        .values(remaining=SubscribeAcceptance.remaining - 1).execution_options(synchronize_session=False)
    ).rowcount == 1


def _give_back_acceptance_for(claimed):
    """A message that did not go through gives its acceptance back for the next try."""
    owner = sa.select(Notification.user_id).where(Notification.id == claimed.id).scalar_subquery()
    db.session.execute(
        sa.update(SubscribeAcceptance)
        .where(SubscribeAcceptance.user_id == owner, SubscribeAcceptance.template_id == claimed.template_id)
        .values(remaining=SubscribeAcceptance.remaining + 1).execution_options(synchronize_session=False))


def release_interrupted(now=None):
    """Rows left "sending" by a sender that died mid-call → "failed", result unknown; → how many."""
    now = now or utcnow()
    lease = timedelta(seconds=current_app.config["NOTIFICATIONS_CLAIM_LEASE_SECONDS"])
    count = db.session.execute(
        sa.update(Notification).where(Notification.status == "sending", Notification.claimed_at <= now - lease)
        .values(status="failed", last_error=INTERRUPTED, sent_at=now).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if count:
        log.warning("notifications: %s message(s) interrupted mid-send marked failed", count)
    return count


_CLAIM_COLUMNS = (Notification.id, Notification.user_id, Notification.kind, Notification.payload, Notification.page,
                  Notification.due_at, Notification.attempts, User.openid)


def claim_next(after_id, now):
    """Lock the next due row after `after_id` and claim it, then commit (with whatever result the
    caller wrote before); → (row id, Claimed or None), or None when nothing more is due."""
    row = db.session.execute(
        sa.select(*_CLAIM_COLUMNS).join(User, User.id == Notification.user_id)
        .where(Notification.status == "pending", Notification.due_at <= now, Notification.id > after_id)
        .order_by(Notification.id).limit(1).with_for_update(skip_locked=True, of=Notification.__table__)).first()
    if row is None:
        db.session.commit()
        return None
    template_id = current_app.config["WECHAT_TEMPLATES"][EVENTS[row.kind].template]
    this_row = sa.update(Notification).where(Notification.id == row.id).execution_options(synchronize_session=False)
    if not _use_acceptance(row.user_id, template_id):
        db.session.execute(this_row.values(status="inbox_only", sent_at=utcnow(), last_error=None))
        db.session.commit()
        log.info("notifications: message %s to=%s inbox only (no acceptance of template %s)", row.id,
                 masked_openid(row.openid), template_id)
        return row.id, None
    db.session.execute(this_row.values(status="sending", claimed_at=utcnow(), attempts=row.attempts + 1))
    db.session.commit()
    # The page opens with the message's id, so opening it from WeChat can mark it read in the inbox.
    return row.id, Claimed(row.id, row.openid, template_id, message_data(row.kind, row.payload, row.due_at),
                           f"{row.page}?nid={row.id}" if row.page else None, row.attempts + 1)


def record_result(claimed, error, summary):
    """Write what WeChat answered for a claimed row (one UPDATE, and the acceptance back on failure);
    the caller's next claim (or final commit) commits it."""
    now = utcnow()
    if error is None:
        values = {"status": "sent", "sent_at": now, "last_error": None}
        summary.sent += 1
    elif isinstance(error, SendRefused):
        values = {"status": "refused", "sent_at": now, "last_error": str(error)}
        summary.refused += 1
    else:
        _give_back_acceptance_for(claimed)
        if claimed.attempts >= current_app.config["NOTIFICATIONS_MAX_ATTEMPTS"]:
            values = {"status": "failed", "sent_at": now, "last_error": str(error)}
            summary.failed += 1
        else:
            values = {"status": "pending", "last_error": str(error),
                      "due_at": now + timedelta(seconds=backoff_seconds(claimed.attempts))}
            summary.retrying += 1
    # Also over "failed": a row marked interrupted by a too-short lease gets its true outcome.
    db.session.execute(sa.update(Notification).where(Notification.id == claimed.id,
                                                     Notification.status.in_(("sending", "failed")))
                       .values(**values).execution_options(synchronize_session=False))


def _send(sender, claimed):
    try:
        sender.send(claimed.openid, claimed.template_id, claimed.data, claimed.page)
    except SendFailed as exc:
        log.info("notifications: message %s not sent (try %s): %s", claimed.id, claimed.attempts, exc)
        return exc
    return None


def run_once(sender=None, limit=None):
    """One pass over the rows due now (each at most once); → PassSummary.

    The result of one message and the claim of the next share a transaction: one commit per message.
    """
    sender = sender or subscribe_sender()
    summary = PassSummary(interrupted=release_interrupted())
    now, after_id = utcnow(), 0
    while limit is None or summary.handled < limit:
        taken = claim_next(after_id, now)
        if taken is None:
            break
        after_id, claimed = taken
        summary.ids.append(after_id)
        if claimed is None:
            summary.inbox_only += 1
            continue
        record_result(claimed, _send(sender, claimed), summary)
    db.session.commit()
    return summary


def run_forever(stop, sender=None):
    """Pass after pass until `stop()` says so; sleeps NOTIFICATIONS_POLL_SECONDS when nothing was due."""
    poll = current_app.config["NOTIFICATIONS_POLL_SECONDS"]
    while not stop():
        try:
            summary = run_once(sender)
        except sa.exc.OperationalError:
            db.session.rollback()
            log.exception("notifications: database unavailable, trying again in %ss", poll)
            summary = PassSummary()
        if summary.handled:
            log.info("notifications: sent=%s inbox_only=%s refused=%s retrying=%s failed=%s", summary.sent,
                     summary.inbox_only, summary.refused, summary.retrying, summary.failed)
            continue
        db.session.remove()
        for _ in range(poll * 10):
            if stop():
                break
            time.sleep(0.1)
