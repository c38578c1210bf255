"""Membership rules (filled in by the membership work)."""


def membership_summary(user):
    """What /me shows about the worker's membership."""
    return {"status": "none"}
