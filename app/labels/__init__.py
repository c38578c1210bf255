"""Every domain's Chinese labels in one registry: the officer screen, the exports and `GET /api/v1/labels`
(the mini-program) all read them here, so a code reads the same to an officer and to a worker.

Each domain keeps its own in app/<domain>/labels.py: `LABELS` ({kind: {code: label}}) and the audit
entries it writes. Those modules hold plain constants, so importing this registry imports no models.
"""
from functools import cache

from app.audit import labels as audit
from app.auth import labels as auth
from app.campaigns import labels as campaigns
from app.cards import labels as cards
from app.legal_aid import labels as legal_aid
from app.membership import labels as membership
from app.notifications import labels as notifications
from app.orgs import labels as orgs
from app.privacy import labels as privacy

#: The domains' labels modules, in the order the audit log's filter lists their groups.
DOMAINS = (membership, auth, cards, legal_aid, campaigns, orgs, notifications, privacy)

#: Labels only the officer screen shows.
SCREEN_LABELS = {"bool": {True: "是", False: "否"}}
#: Kinds the mini-program never shows: not served by `GET /api/v1/labels`.
SCREEN_ONLY_KINDS = ("role", "bool", "notification_status", "audit_action", "audit_target", "audit_state",
                     "audit_field")

#: The audit log's filter: action prefixes an officer can pick, in Chinese.
AUDIT_GROUPS = audit.audit_groups(DOMAINS)


@cache
def all_labels():
    """{kind: {code: label}} of every domain, the audit log's included."""
    found = dict(SCREEN_LABELS)
    for domain in DOMAINS:
        found.update(domain.LABELS)
    found.update(audit.audit_labels(DOMAINS, found))
    return found


def worker_labels():
    """The kinds the mini-program shows, as `GET /api/v1/labels` serves them."""
    return {kind: labels for kind, labels in all_labels().items() if kind not in SCREEN_ONLY_KINDS}

