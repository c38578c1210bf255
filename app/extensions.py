"""Extensions, created unbound and initialised in create_app()."""
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

from app.openapi import DocumentedApi

# Stable constraint names so Alembic migrations can refer to them on every database.
naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
migrate = Migrate()
api = DocumentedApi()


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record):
    """SQLite: WAL, foreign keys, and let us issue BEGIN ourselves. The wait for the write lock is
    bounded by the connection's `timeout` (SQLITE_BUSY_TIMEOUT_MS, see app/database.py)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@event.listens_for(Engine, "begin")
def _begin_immediate_on_sqlite(conn):
    # SQLite has no SELECT … FOR UPDATE. Taking the write lock when the transaction begins
    # serialises writers, so "read the count, check, write" stays correct there too.
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
