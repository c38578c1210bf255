"""Times are stored in UTC with a time zone and spoken in Asia/Shanghai."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

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
