"""Times are stored in UTC with a time zone and spoken in Asia/Shanghai."""
from datetime import UTC, date, datetime, timedelta
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


class period_bucket(sa.sql.expression.ColumnElement):
    """SQL: which of the periods [bounds[i-1], bounds[i]) a value falls in, as i (1-based; 0 before
    the first bound, len(bounds) from the last one on). Trends GROUP BY it: on PostgreSQL one
    width_bucket() binary search per row, cheaper than formatting each timestamp as a local month."""

    #: The bounds are not part of SQLAlchemy's cache key: statements with this are not cached.
    inherit_cache = False

    def __init__(self, column, bounds):
        self.column, self.bounds, self.type = column, list(bounds), sa.Integer()


@compiles(period_bucket, "postgresql")
def _period_bucket_pg(element, compiler, **kw):
    from sqlalchemy.dialects.postgresql import ARRAY

    bounds = sa.bindparam(None, element.bounds, type_=ARRAY(element.column.type))
    return compiler.process(sa.func.width_bucket(element.column, bounds), **kw)


@compiles(period_bucket)
def _period_bucket_any(element, compiler, **kw):
    whens = [(element.column < bound, i) for i, bound in enumerate(element.bounds)]
    return compiler.process(sa.case(*whens, else_=len(element.bounds)), **kw)


def local_day_start(day):
    """00:00 of a Shanghai calendar day, as an aware datetime (the bound of a period's timestamps)."""
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI)


def month_bounds(first, last):
    """The dates that cut [first, last] into calendar months: first, each 1st in between, last + 1 day."""
    bounds, year, month = [first], first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        cut = date(year, month, 1)
        if cut > last:
            return [*bounds, last + timedelta(days=1)]
        bounds.append(cut)


def day_bounds(first, last):
    """Each day of [first, last] and the day after: the cuts of a daily series."""
    return [first + timedelta(days=i) for i in range((last - first).days + 2)]
