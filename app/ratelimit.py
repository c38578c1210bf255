"""Failure counters for rate limiting: Redis when REDIS_URL is set, in-process otherwise."""
import threading
import time

from flask import current_app

_local = {}
_local_lock = threading.Lock()
_clients = {}


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    if url not in _clients:
        import redis

        timeout = current_app.config.get("REDIS_TIMEOUT_SECONDS", 1)  # a stalled Redis must not hold a sign-in
        _clients[url] = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return _clients[url]


def record_failure(key, window_seconds):
    """Count one failure for `key` in a fixed window; return the count so far."""
    client = _redis()
    if client is not None:
        full = f"ratelimit:{key}"
        pipe = client.pipeline()
        pipe.incr(full)
        pipe.expire(full, window_seconds, nx=True)
        return int(pipe.execute()[0])
    with _local_lock:
        count, expires = _local.get(key, (0, 0))
        now = time.monotonic()
        if expires < now:
            count, expires = 0, now + window_seconds
        _local[key] = (count + 1, expires)
        return count + 1


def failures(key):
    client = _redis()
    if client is not None:
        return int(client.get(f"ratelimit:{key}") or 0)
    with _local_lock:
        count, expires = _local.get(key, (0, 0))
        return count if expires >= time.monotonic() else 0


def clear_failures(key):
    client = _redis()
    if client is not None:
        client.delete(f"ratelimit:{key}")
        return
    with _local_lock:
        _local.pop(key, None)
