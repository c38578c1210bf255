"""Bounded waits on the database, and what its failures mean.

`engine_options` turns the DB_* settings of config.py into per-connection limits (PostgreSQL:
connect_timeout, TCP keepalives and tcp_user_timeout, and the statement / lock /
idle-in-transaction timeouts, sent in the startup packet so they cost no round trip; SQLite: the
busy timeout) plus the pool's checkout timeout. `bound_client_waits` adds the client's own bound:
the server's timeouts need a server that runs, and a frozen one (SIGSTOPped, or a hung host whose
kernel still acknowledges every packet) answers nothing while the connection stays open.
`failure_kind` tells the error handlers which failures are the database being busy or gone, so
they answer 503 instead of 500; services never catch these.
"""
import sqlite3

import psycopg
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

BUSY = "busy_try_again"
UNAVAILABLE = "database_unavailable"

#: SQLSTATEs of a wait that was cut short or a transient conflict: retrying soon will work.
#: 55P03 lock_not_available (lock_timeout), 57014 query_canceled (statement_timeout),
#: 40P01 deadlock_detected, 40001 serialization_failure; class 53 insufficient resources
#: (too many connections, out of memory).
_BUSY_SQLSTATES = {"55P03", "57014", "40P01", "40001"}
_BUSY_SQLSTATE_CLASSES = ("53",)
#: Class 08 connection exceptions; 57P01-57P05 the server shutting down, crashed, starting up,
#: or ending an idle session (25P03: idle in transaction too long).
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P", "25P03")
#: Unset DB_CLIENT_TIMEOUT_SECONDS: the statement timeout plus this, so the server's own timeouts
#: (503 busy_try_again) always act first while the server runs.
CLIENT_TIMEOUT_MARGIN_SECONDS = 5


def client_timeout(config):
    """Seconds the client waits for any one answer of the server; None: no bound (see config.py)."""
    explicit = config.get("DB_CLIENT_TIMEOUT_SECONDS")
    if explicit not in (None, ""):
        return float(explicit) or None
    statement_ms = config["DB_STATEMENT_TIMEOUT_MS"]
    return statement_ms / 1000 + CLIENT_TIMEOUT_MARGIN_SECONDS if statement_ms else None


def engine_options(config):
    """SQLALCHEMY_ENGINE_OPTIONS with the configured timeouts added (explicit options win)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    connect_args = dict(options.get("connect_args") or {})
    if url.startswith("postgresql"):
        connect_args.setdefault("connect_timeout", config["DB_CONNECT_TIMEOUT_SECONDS"])
        # A dead host or a cut network: the kernel gives the connection up (keepalives when idle,
        # tcp_user_timeout when sent data stays unacknowledged). A frozen server is bounded_client_waits' job.
        connect_args.setdefault("keepalives", 1)
        connect_args.setdefault("keepalives_idle", config["DB_KEEPALIVES_IDLE_SECONDS"])
        connect_args.setdefault("keepalives_interval", config["DB_KEEPALIVES_INTERVAL_SECONDS"])
        connect_args.setdefault("keepalives_count", config["DB_KEEPALIVES_COUNT"])
        wait = client_timeout(config)
        if wait:
            connect_args.setdefault("tcp_user_timeout", int(wait * 1000))
        limits = {"statement_timeout": config["DB_STATEMENT_TIMEOUT_MS"],
                  "lock_timeout": config["DB_LOCK_TIMEOUT_MS"],
                  "idle_in_transaction_session_timeout": config["DB_IDLE_IN_TRANSACTION_TIMEOUT_MS"]}
        settings = " ".join(f"-c {name}={int(value)}" for name, value in limits.items())
        connect_args["options"] = f"{connect_args.get('options', '')} {settings}".strip()
    elif url.startswith("sqlite"):
        connect_args.setdefault("timeout", config["SQLITE_BUSY_TIMEOUT_MS"] / 1000)
    options["connect_args"] = connect_args
    in_memory = url.startswith("sqlite") and (":memory:" in url or url.rstrip("/") == "sqlite:")
    if not in_memory and "poolclass" not in options:  # single-connection pools take no timeout
        options.setdefault("pool_timeout", config["DB_POOL_TIMEOUT_SECONDS"])
    return options


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server (query, fetch, commit, rollback, the
    pool's ping) ends after `client_timeout` seconds. The connection is then closed — its protocol
    state is unknown — and the wait raises OperationalError, which SQLAlchemy takes for a
    disconnect (the pool drops it) and the error handlers answer with 503 database_unavailable."""

    client_timeout = None

    def wait(self, gen, *args, **kwargs):
        if self.client_timeout is None or "timeout" in kwargs or len(args) > 1:
            return super().wait(gen, *args, **kwargs)  # the caller set its own bound
        try:
            return super().wait(gen, *args, timeout=self.client_timeout, **kwargs)
        except psycopg.errors._WaitTimeout as exc:
            self.close()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.client_timeout:g} s (client timeout)") from exc


def bound_client_waits(engine, seconds):
    """Make `engine` (PostgreSQL) open BoundedConnections with `seconds` as their client timeout."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg" or not seconds:
        return

    @event.listens_for(engine, "do_connect")
    def connect(_dialect, _record, cargs, cparams):
        connection = BoundedConnection.connect(*cargs, **cparams)
        connection.client_timeout = seconds
        return connection


def failure_kind(exc):
    """BUSY, UNAVAILABLE, or None when `exc` is not a database-availability failure (a bug: 500)."""
    if isinstance(exc, sa_exc.TimeoutError):  # no free connection in the pool within pool_timeout
        return BUSY
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    if exc.connection_invalidated:
        return UNAVAILABLE
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig)
        if "locked" in text:  # "database is locked": the busy timeout ran out
            return BUSY
        return UNAVAILABLE if "unable to open" in text or "disk I/O" in text else None
    state = getattr(orig, "sqlstate", None)
    if state:
        if state in _BUSY_SQLSTATES or state.startswith(_BUSY_SQLSTATE_CLASSES):
            return BUSY
        return UNAVAILABLE if state.startswith(_UNAVAILABLE_SQLSTATE_PREFIXES) else None
    # psycopg raises OperationalError without a SQLSTATE when it cannot connect or the
    # connection broke (refused, timed out, server closed it); InterfaceError on a closed one.
    if type(orig).__module__.startswith("psycopg") and isinstance(
            exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return UNAVAILABLE
    return None


def failure_detail(exc):
    """One short line for the incident log: the driver's error class, SQLSTATE and first line."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    first_line = (str(orig).strip().splitlines() or [""])[0][:200]
    return f"{type(orig).__name__}{f' sqlstate={state}' if state else ''}: {first_line}"
