"""The tokens the mini-program verifies offline in its tests are the backend's own: regenerating
them gives the committed file, and the backend accepts and refuses them as the phone must."""
import json

import pytest

from app.signing import QrTokenExpired, QrTokenForged, verify_token
from scripts.card_token_fixture import FIXTURE, FIXTURE_SEED, fixture_json


@pytest.fixture
def fixture():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_committed_fixture_is_what_the_backend_signs_today():
    assert FIXTURE.read_text(encoding="utf-8") == fixture_json(), (
        "stale fixture: run .venv/bin/python scripts/card_token_fixture.py")


def test_the_backend_accepts_and_refuses_the_fixture_tokens(app, fixture):
    app.config["SIGNING_KEY_SEED"] = FIXTURE_SEED
    issued, expires = fixture["issued_at"], fixture["expires_at"]
    with app.app_context():
        assert verify_token(fixture["card_token"], "card", now=issued) == fixture["card_subject"]
        assert verify_token(fixture["card_token"], "card", now=expires) == fixture["card_subject"]
        assert verify_token(fixture["pickup_token"], "pickup", now=issued) == fixture["pickup_subject"]
        with pytest.raises(QrTokenExpired):
            verify_token(fixture["card_token"], "card", now=expires + 1)
        for bad in ("forged_card_token", "tampered_card_token"):
            with pytest.raises(QrTokenForged):
                verify_token(fixture[bad], "card", now=issued)
        with pytest.raises(QrTokenForged):  # a pickup code is no member card
            verify_token(fixture["pickup_token"], "card", now=issued)
