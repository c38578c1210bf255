"""Reading list filters from the query string (or a posted export form) into service arguments."""
from datetime import date

from flask import request


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value):
    try:
        return int(value) if value else None
    except ValueError:
        return None


#: filter name → parser; an unparsable value is simply not applied (the page shows it empty).
PARSERS = {"org_id": _int, "date_from": _date, "date_to": _date, "from_date": _date, "to_date": _date,
           "lawyer_id": _int, "station_id": _int, "campaign_id": _int, "session_id": _int, "officer_id": _int,
           "target_id": _int, "year": _int}


def read_filters(names, source=None, defaults=None):
    """{name: value} for the filters present; `defaults` apply when the argument is absent."""
    source = source if source is not None else request.args
    found = {}
    for name in names:
        raw = source.get(name)
        if raw is None and defaults and name in defaults:
            raw = defaults[name]
        raw = (raw or "").strip()
        value = PARSERS.get(name, lambda v: v or None)(raw)
        if value is not None:
            found[name] = value
    return found


def shown(filters, names):
    """The filter values as the form should show them (strings, empty when unset)."""
    return {name: "" if filters.get(name) is None else str(filters[name]) for name in names}
