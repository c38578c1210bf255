"""Liveness (/healthz, no dependencies) and readiness (/readyz, checks the database, bounded).

The readiness probe runs in a thread of its own and /readyz waits for it at most
READYZ_TIMEOUT_SECONDS: a database that accepts connections but never answers (frozen, or a
black-holed network) cannot hold the probe — or a gunicorn thread — hostage. While a probe is
still stuck, later calls wait on that same probe instead of starting more.
"""
import threading
import weakref
from concurrent.futures import Future
from concurrent.futures import TimeoutError as ProbeTimeout

from flask import Blueprint, current_app, jsonify

from app import database, incidents
from app.extensions import db

bp = Blueprint("health", __name__)

_probes_lock = threading.Lock()
#: engine → the Future of its probe in flight (or last finished).
_probes = weakref.WeakKeyDictionary()


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


def _probe(engine, timeout):
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":  # the server gives up too, not only this thread
            conn.exec_driver_sql(f"SET LOCAL statement_timeout = {max(int(timeout * 1000), 1)}")
        conn.exec_driver_sql("SELECT 1")
        conn.rollback()


def _probe_in_flight(engine, timeout):
    """The probe running for `engine`, started now unless one is already under way."""
    with _probes_lock:
        future = _probes.get(engine)
        if future is None or future.done():
            future = Future()
            future.set_running_or_notify_cancel()

            def run():
                try:
                    _probe(engine, timeout)
                    future.set_result(True)
                except BaseException as exc:  # handed to /readyz through the future
                    future.set_exception(exc)

            threading.Thread(target=run, name="readyz-probe", daemon=True).start()
            _probes[engine] = future
        return future


@bp.get("/readyz")
def readyz():
    timeout = current_app.config.get("READYZ_TIMEOUT_SECONDS", 1)
    try:
        _probe_in_flight(db.engine, timeout).result(timeout=timeout)
    except ProbeTimeout:
        detail = f"readiness probe: no answer within {timeout}s"
    except Exception as exc:  # any failure to reach the database means "not ready"
        detail = f"readiness probe: {database.failure_detail(exc)}"
    else:
        return jsonify(status="ready", database="ok")
    incidents.report(database.UNAVAILABLE, detail)
    response = jsonify(error={"code": "database_unavailable", "message": "数据库暂不可用", "fields": {}},
                       status="unavailable")
    response.status_code = 503
    response.headers["Retry-After"] = str(current_app.config.get("DB_RETRY_AFTER_SECONDS", 5))
    return response
