"""Aggregate figures counted once and reused for FIGURES_CACHE_SECONDS in this process: at a city's
scale they read every member in scope (hundreds of ms), and an officer's screen need not be fresher
than a minute (the pages say when the figures were counted)."""
from datetime import timedelta

from flask import current_app

from app.timeutil import utcnow


class KeptFigures:
    """key → (expires at, value), at most `size` keys (the oldest go first)."""

    def __init__(self, size=256):
        self.size, self.kept = size, {}

    def get(self, key, count):
        """The value kept for `key`, or `count(now)` (kept unless FIGURES_CACHE_SECONDS is 0)."""
        seconds = current_app.config["FIGURES_CACHE_SECONDS"]
        now = utcnow()
        kept = self.kept.get(key) if seconds else None
        if kept is not None and kept[0] > now:
            return kept[1]
        value = count(now)
        if seconds:
            while len(self.kept) >= self.size:
                self.kept.pop(next(iter(self.kept)))
            self.kept[key] = (now + timedelta(seconds=seconds), value)
        return value
