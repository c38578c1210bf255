"""Kept for code written against the old place: the labels now live in app/<domain>/labels.py, merged by app.labels."""
from app.labels import AUDIT_GROUPS, all_labels

#: The old name of app.labels.all_labels.
domain_labels = all_labels

__all__ = ["AUDIT_GROUPS", "domain_labels"]
