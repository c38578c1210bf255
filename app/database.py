"""Bounded waits on the database, and what its failures mean.

`engine_options` turns the DB_* settings of config.py into per-connection limits (PostgreSQL:
connect_timeout and the statement / lock / idle-in-transaction timeouts, sent in the startup
packet so they cost no round trip; SQLite: the busy timeout) plus the pool's checkout timeout.
`failure_kind` tells the error handlers which failures are the database being busy or gone, so
they answer 503 instead of 500; services never catch these.
"""
import sqlite3

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


def engine_options(config):
    """SQLALCHEMY_ENGINE_OPTIONS with the configured timeouts added (explicit options win)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    connect_args = dict(options.get("connect_args") or {})
    if url.startswith("postgresql"):
        connect_args.setdefault("connect_timeout", config["DB_CONNECT_TIMEOUT_SECONDS"])
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
