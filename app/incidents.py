"""One log line per dependency incident, not one per request (a database outage must not bury the log).

`report(kind, detail)` writes a single warning line — no traceback — the first time `kind`
(e.g. "database_unavailable", "wechat_unavailable") fails and then at most once per
INCIDENT_LOG_INTERVAL_SECONDS while the failure lasts, saying how many were not logged meanwhile.
"""
import logging
import threading
import time

from flask import current_app, has_app_context

log = logging.getLogger("app.incidents")

_lock = threading.Lock()
#: kind → [monotonic time of the last line, failures since it]
_seen = {}


def report(kind, detail=""):
    """Count one failure of `kind`; log it if this kind has not been logged within the interval."""
    interval = current_app.config.get("INCIDENT_LOG_INTERVAL_SECONDS", 60) if has_app_context() else 60
    now = time.monotonic()
    with _lock:
        last, suppressed = _seen.get(kind, (None, 0))
        if last is not None and now - last < interval:
            _seen[kind] = (last, suppressed + 1)
            return False
        _seen[kind] = (now, 0)
    more = f" ({suppressed} more since the last line)" if suppressed else ""
    log.warning("dependency incident %s: %s%s", kind, detail, more)
    return True


def reset():
    """Forget past incidents (tests)."""
    with _lock:
        _seen.clear()
