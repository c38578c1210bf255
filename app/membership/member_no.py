"""Member numbers: HH + year + 6-digit sequence + an ISO 7064 MOD 11-2 check character.

MOD 11-2 catches every single mistyped digit and every swap of two adjacent digits.
The sequence comes from one counter row per year, locked FOR UPDATE while it is advanced.
"""
import re

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.locking import lock_rows
from app.membership.models import MemberNoCounter

PREFIX = "HH"
_PATTERN = re.compile(rf"^{PREFIX}(\d{{10,}})([\dX])$", re.ASCII)


def check_character(digits):
    """ISO 7064 MOD 11-2 over a string of digits: '0'–'9' or 'X'."""
    remainder = 0
    for digit in digits:
        remainder = ((remainder + int(digit)) * 2) % 11
    value = (12 - remainder) % 11
    return "X" if value == 10 else str(value)


def format_member_no(year, seq):
    body = f"{year:04d}{seq:06d}"
    return f"{PREFIX}{body}{check_character(body)}"


def is_valid_member_no(value):
    match = _PATTERN.match((value or "").strip().upper())
    return bool(match) and check_character(match.group(1)) == match.group(2)


def _counter(year):
    return db.session.scalar(lock_rows(sa.select(MemberNoCounter).where(MemberNoCounter.year == year))
                             .execution_options(populate_existing=True))


def allocate_member_no(year):
    """The next number of `year`, inside the caller's transaction (the counter row stays locked)."""
    counter = _counter(year)
    if counter is None:
        # The year's first number: two first approvals may both insert; the loser re-reads.
        try:
            with db.session.begin_nested():
                db.session.add(MemberNoCounter(year=year, last_seq=0))
        except IntegrityError:
            pass
        counter = _counter(year)
    counter.last_seq = counter.last_seq + 1
    db.session.flush()
    return format_member_no(year, counter.last_seq)
