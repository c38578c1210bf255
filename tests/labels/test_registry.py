"""The label registry (app.labels): every code of every domain labelled once, without importing models."""
import subprocess
import sys
from pathlib import Path

from app import labels as registry
from app.auth.roles import ALL_ROLES
from app.campaigns.models import ELIGIBILITIES, LIMIT_RULES, SIGNUP_STATUSES
from app.legal_aid.models import BOOKING_STATUSES, CASE_TYPES, OUTCOMES, SESSION_STATUSES
from app.membership.models import (
    APPLICATION_SOURCES,
    APPLICATION_STATUSES,
    HOUSEHOLD_TYPES,
    MEMBER_STATUSES,
    OCCUPATIONS,
    POINT_KINDS,
    TRANSFER_STATUSES,
)
from app.membership.schemas import EventSchema
from app.orgs.models import GRASSROOTS_SUBKINDS, ORG_KINDS

ROOT = Path(__file__).resolve().parents[2]

#: kind → the codes the domain allows; each must have exactly one label, in the same order.
CODES = {
    "occupation": OCCUPATIONS, "application_status": APPLICATION_STATUSES, "application_source": APPLICATION_SOURCES,
    "member_status": MEMBER_STATUSES, "transfer_status": TRANSFER_STATUSES, "point_kind": POINT_KINDS,
    "household_type": HOUSEHOLD_TYPES, "case_type": CASE_TYPES, "outcome": OUTCOMES,
    "booking_status": BOOKING_STATUSES, "session_status": SESSION_STATUSES, "eligibility": ELIGIBILITIES,
    "pickup_limit": LIMIT_RULES, "signup_status": SIGNUP_STATUSES, "org_kind": ORG_KINDS,
    "org_subkind": GRASSROOTS_SUBKINDS, "role": ALL_ROLES,
}


def test_every_code_a_domain_allows_has_a_label_and_no_more():
    labels = registry.all_labels()
    for kind, codes in CODES.items():
        assert set(labels[kind]) == set(codes), kind
    events = EventSchema().fields["event"].metadata["enum"]
    assert list(labels["application_event"]) == events


def test_pickers_offer_codes_in_the_domains_order():
    labels = registry.all_labels()
    for kind in ("occupation", "case_type", "household_type"):
        assert tuple(labels[kind]) == CODES[kind]


def test_no_kind_is_defined_by_two_domains():
    kinds = [kind for domain in registry.DOMAINS for kind in domain.LABELS]
    assert len(kinds) == len(set(kinds))
    assert [prefix for prefix, _ in registry.AUDIT_GROUPS][:2] == ["membership.application", "membership.member"]


def test_the_registry_imports_labels_only():
    """Labels modules hold plain constants: importing them pulls in no models, services or views."""
    probe = ("import sys, app.labels; print(sorted(m for m in sys.modules if m.startswith('app.') and "
             "m.rsplit('.', 1)[-1] in {'models', 'services', 'views', 'schemas'}))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
