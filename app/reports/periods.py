"""The periods officers choose figures for: this month, this year, the last 12 months, a year, any dates."""
from dataclasses import dataclass
from datetime import date, timedelta

from app.errors import ValidationFailed
from app.timeutil import day_bounds, local_day_start, local_now, month_bounds

PERIOD_LABELS = {"month": "本月", "year": "本年", "12m": "近12个月", "custom": "自定义"}
#: A longer period would make the daily pick-up series unreadable; five years covers any report.
MAX_DAYS = 5 * 366


@dataclass(frozen=True)
class Period:
    kind: str
    first: date
    last: date

    @property
    def start(self):
        """Timestamps from 00:00 Shanghai of the first day…"""
        return local_day_start(self.first)

    @property
    def end(self):
        """…up to (not including) 00:00 after the last day."""
        return local_day_start(self.last + timedelta(days=1))

    @property
    def months(self):
        """'YYYY-MM' of each calendar month the period touches."""
        return [f"{cut:%Y-%m}" for cut in month_bounds(self.first, self.last)[:-1]]

    @property
    def days(self):
        return [day.isoformat() for day in day_bounds(self.first, self.last)[:-1]]

    def month_cuts(self):
        """Timestamps cutting the period into its months (for period_bucket)."""
        return [local_day_start(cut) for cut in month_bounds(self.first, self.last)]

    def day_cuts(self):
        return [local_day_start(cut) for cut in day_bounds(self.first, self.last)]

    @property
    def kind_label(self):
        """本月 / 本年 / 近12个月 / 自定义, and a past or future calendar year by its number (2025年)."""
        if self.kind == "year" and self.first.year != local_now().year:
            return f"{self.first.year}年"
        return PERIOD_LABELS[self.kind]

    @property
    def label(self):
        return f"{self.first:%Y年%-m月%-d日}至{self.last:%Y年%-m月%-d日}"


def resolve_period(kind=None, *, year=None, date_from=None, date_to=None):
    """The period asked for: explicit dates (custom), a calendar year, or one of the named periods
    ending today (default: this year)."""
    today = local_now().date()
    if date_from or date_to:
        period = Period("custom", date_from or date(today.year, 1, 1), date_to or today)
    elif year:
        period = Period("year", date(year, 1, 1), date(year, 12, 31))
    elif kind == "month":
        period = Period("month", today.replace(day=1), today)
    elif kind == "12m":
        first = today.replace(day=1)
        for _ in range(11):
            first = (first - timedelta(days=1)).replace(day=1)
        period = Period("12m", first, today)
    else:
        period = Period("year", date(today.year, 1, 1), today)
    if period.last < period.first:
        raise ValidationFailed("结束日期不能早于开始日期", fields={"to": ["结束日期不能早于开始日期"]})
    if (period.last - period.first).days >= MAX_DAYS:
        raise ValidationFailed("统计期间最长 5 年", fields={"from": ["统计期间最长 5 年，请缩短"]})
    return period
