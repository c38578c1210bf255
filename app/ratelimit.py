"""Failure counters and locks behind the officer sign-in lockout.

Counters live in Redis when REDIS_URL is set and Redis answers, in the database otherwise, so
every gunicorn worker and every instance counts together. Locks are always written to the
database as well: if Redis goes down or hangs (calls give up after REDIS_TIMEOUT_SECONDS),
counting moves to the database and a lock already earned still holds (fail closed). The switch is
logged once per outage, not once per request. Database writes join the caller's transaction.
"""
import hashlib
import hmac
import logging
import threading
import time

import redis
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app.auth.models import LoginThrottle
from app.extensions import db

log = logging.getLogger(__name__)

#: Redis outage state per URL: {url: retry_at}. Tests clear it between tests.
_local = {}
_local_lock = threading.Lock()
_clients = {}
#: After a Redis failure, wait this long before trying Redis again.
REDIS_RETRY_SECONDS = 30


def _now():
    return int(time.time())


def _hashed(key):
    secret = current_app.config["BLIND_INDEX_KEY"].encode()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()


def _redis():
    """The Redis client, or None when not configured or marked down after a failure."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    with _local_lock:
        if _local.get(url, 0) > time.monotonic():
            return None
        if url not in _clients:
            timeout = current_app.config.get("REDIS_TIMEOUT_SECONDS", 0.5)  # a stalled Redis must not hold a sign-in
            _clients[url] = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        return _clients[url]


def _redis_failed(exc):
    url = current_app.config.get("REDIS_URL")
    with _local_lock:
        first = url not in _local
        _local[url] = time.monotonic() + REDIS_RETRY_SECONDS
    if first:
        log.warning("redis unreachable (%s): sign-in lockout counts in the database until it answers again",
                    type(exc).__name__)


def _redis_call(operation):
    """Run operation(client) on Redis; None (and the database decides) when Redis is absent or fails."""
    client = _redis()
    if client is None:
        return None
    try:
        result = operation(client)
    except (redis.RedisError, OSError) as exc:
        _redis_failed(exc)
        return None
    url = current_app.config.get("REDIS_URL")
    if url in _local:
        with _local_lock:
            _local.pop(url, None)
        log.warning("redis answers again: sign-in lockout counts in Redis")
    return (result,)


def _table():
    return LoginThrottle.__table__


def _upsert(values, update):
    table = _table()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(**values)
    return stmt.on_conflict_do_update(index_elements=[table.c.key], set_=update)


def record_failure(key, window_seconds):
    """Count one failure for `key` in a window of `window_seconds`; return the count so far."""
    hashed = _hashed(key)

    def incr(client):
        pipe = client.pipeline()
        pipe.incr(f"ratelimit:{hashed}")
        pipe.expire(f"ratelimit:{hashed}", window_seconds, nx=True)
        return int(pipe.execute()[0])

    counted = _redis_call(incr)
    if counted is not None:
        return counted[0]
    table, now = _table(), _now()
    expired = table.c.window_started < now - window_seconds
    stmt = _upsert({"key": hashed, "failures": 1, "window_started": now, "locked_until": 0}, {
        "failures": sa.case((expired, 1), else_=table.c.failures + 1),
        "window_started": sa.case((expired, now), else_=table.c.window_started),
    }).returning(table.c.failures)
    return int(db.session.execute(stmt).scalar_one())


def failures(key, window_seconds=None):
    """Failures counted for `key` (in the current window)."""
    hashed = _hashed(key)
    counted = _redis_call(lambda client: int(client.get(f"ratelimit:{hashed}") or 0))
    if counted is not None:
        return counted[0]
    table = _table()
    row = db.session.execute(sa.select(table.c.failures, table.c.window_started)
                             .where(table.c.key == hashed)).first()
    window = window_seconds or current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    if row is None or row.window_started < _now() - window:
        return 0
    return row.failures


def lock(key, seconds):
    """`key` must wait `seconds` before its next attempt (kept in the database, Redis or not)."""
    until = _now() + int(seconds)
    db.session.execute(_upsert({"key": _hashed(key), "failures": 0, "window_started": _now(), "locked_until": until},
                               {"locked_until": until}))
    return until


def locked_for(key):
    """Seconds `key` must still wait (0: free to try)."""
    table = _table()
    until = db.session.scalar(sa.select(table.c.locked_until).where(table.c.key == _hashed(key)))
    return max(0, (until or 0) - _now())


def clear_failures(key):
    hashed = _hashed(key)
    _redis_call(lambda client: client.delete(f"ratelimit:{hashed}"))
    db.session.execute(sa.delete(_table()).where(_table().c.key == hashed))
