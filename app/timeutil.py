"""Times are stored in UTC with a time zone and spoken in Asia/Shanghai."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow():
    return datetime.now(UTC)


def local_now():
    return datetime.now(SHANGHAI)


def to_local(value):
    return value.astimezone(SHANGHAI) if value is not None else None


def as_aware(value, tz=SHANGHAI):
    """A datetime with a time zone; naive input is read as Asia/Shanghai wall time."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=tz)


class UTCDateTime(sa.TypeDecorator):
    """DateTime(timezone=True) that always hands back aware UTC, on SQLite too."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class local_period(sa.sql.functions.FunctionElement):
    """SQL: the Shanghai calendar month ('YYYY-MM') or day ('YYYY-MM-DD') of a UTC timestamp, for
    GROUP BY in trends. local_period(column, "month" | "day"); pass a DATE column with is_date=True."""

    type = sa.String()
    #: unit and is_date are not part of SQLAlchemy's cache key: statements with this are not cached.
    inherit_cache = False
    name = "local_period"

    def __init__(self, column, unit, *, is_date=False):
        self.unit, self.is_date = unit, is_date
        super().__init__(column)


#: Shanghai keeps UTC+8 all year (no daylight saving since 1991): SQLite can shift by a fixed offset.
_FORMATS = {"month": ("YYYY-MM", "%Y-%m"), "day": ("YYYY-MM-DD", "%Y-%m-%d")}


@compiles(local_period, "postgresql")
def _local_period_pg(element, compiler, **kw):
    column = compiler.process(next(iter(element.clauses)), **kw)
    value = column if element.is_date else f"({column} AT TIME ZONE 'Asia/Shanghai')"
    return f"to_char({value}, '{_FORMATS[element.unit][0]}')"


@compiles(local_period, "sqlite")
def _local_period_sqlite(element, compiler, **kw):
    column = compiler.process(next(iter(element.clauses)), **kw)
    shift = "" if element.is_date else ", '+8 hours'"
    return f"strftime('{_FORMATS[element.unit][1]}', {column}{shift})"


def local_day_start(day):
    """00:00 of a Shanghai calendar day, as an aware datetime (the bound of a period's timestamps)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI)
