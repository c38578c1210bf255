"""Real concurrent requests for the PostgreSQL race tests, and the switch their controls flip.

Each call runs in its own thread with its own test client, so its own app context, session and
database connection; a barrier releases them all at once.
"""
import threading
import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

#: A request that has not come back by then is a hang (a lock never released), not a slow test.
TIMEOUT_SECONDS = 120
#: Connections the racing app holds at most; the rest of a burst queues in its pool. Room to race,
#: and room left on a PostgreSQL server (100 connections) shared with other runs.
RACE_CONNECTIONS = 20


@pytest.fixture
def racing_app(app):
    """The app the race tests send their bursts to: same settings and database as `app`, its own
    pool sized for a burst (and released afterwards)."""
    from app.extensions import db
    from config import Config
    from tests.conftest import make_app

    racing = make_app(SQLALCHEMY_ENGINE_OPTIONS={**Config.SQLALCHEMY_ENGINE_OPTIONS, "pool_size": RACE_CONNECTIONS,
                                                 "max_overflow": 0, "pool_timeout": TIMEOUT_SECONDS})
    yield racing
    with racing.app_context():
        db.engine.dispose()


def run_together(app, calls):
    """Run each call(client) at the same moment; return their responses, in order.

    An exception in a thread (a failed assertion inside a call too) is raised here."""
    barrier = threading.Barrier(len(calls), timeout=TIMEOUT_SECONDS)
    responses, errors = [None] * len(calls), []

    def run(index, call):
        client = app.test_client()
        try:
            barrier.wait()
            responses[index] = call(client)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=pair, daemon=True) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a concurrent request never finished"
    if errors:
        raise errors[0]
    return responses


def outcomes(responses):
    """[(status, error code or None)]: what a race test counts."""
    return [(r.status_code, ((r.get_json(silent=True) or {}).get("error") or {}).get("code")) for r in responses]


def send_while_row_is_locked(app, lock_sql, finish_sql, params, send):
    """Hold a row lock (`lock_sql`, a SELECT … FOR UPDATE) as an in-flight transaction would; run
    `send(client)` in a thread; once its transaction waits on a lock, run `finish_sql` in the
    holding transaction and commit. Returns send's response."""
    from app.extensions import db

    result = {}
    with app.app_context(), db.engine.connect() as holder, db.engine.connect() as watcher:
        transaction = holder.begin()
        holder.execute(sa.text(lock_sql), params)
        thread = threading.Thread(target=lambda: result.setdefault("response", send(app.test_client())))
        thread.start()
        # Wait (not a timing assertion: a bound on a hang) until the request blocks on a lock.
        for _ in range(400):
            waiting = watcher.execute(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).scalar()
            watcher.commit()
            if waiting:
                break
            time.sleep(0.025)
        assert waiting, "the request never waited for the held lock"
        holder.execute(sa.text(finish_sql), params)
        transaction.commit()
        thread.join(TIMEOUT_SECONDS)
    return result["response"]


@contextmanager
def locks_off(app):
    """The control runs: the same code with its row locks switched off (app/locking.py)."""
    app.config["RACE_LOCKS_ENABLED"] = False
    try:
        yield
    finally:
        app.config["RACE_LOCKS_ENABLED"] = True
