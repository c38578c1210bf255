"""Row locks on the things with a limited number (stock, places, member numbers, decisions).

Production always locks. The concurrency control tests set RACE_LOCKS_ENABLED = False to run the
very same read → check → write without its lock and so prove that the race it guards really happens.
"""
from flask import current_app


def lock_rows_enabled():
    """The one switch: False only in the control tests (production refuses it, see config.py)."""
    return current_app.config["RACE_LOCKS_ENABLED"]


def lock_rows(stmt, **options):
    """`stmt` with `FOR UPDATE` (options as for with_for_update, e.g. read=True for FOR SHARE)."""
    return stmt.with_for_update(**options) if lock_rows_enabled() else stmt
