"""Write miniprogram/tests/fixtures/card-tokens.json: QR tokens signed by the backend's own code
(app.signing, the card and pickup kinds) with a fixed test key, and the public-key endpoint's answer
for that key. The mini-program's staff-mode tests verify them offline in Node (tweetnacl);
tests/cards/test_offline_fixture.py fails when the committed file no longer matches the backend.

    .venv/bin/python scripts/card_token_fixture.py
"""
import base64
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "miniprogram" / "tests" / "fixtures" / "card-tokens.json"

#: A test key for this fixture only (never a deployment's): 32 bytes, base64 as SIGNING_KEY_SEED wants.
FIXTURE_SEED = base64.b64encode(b"miniprogram-offline-fixture-key!").decode("ascii")
#: Someone else's key: what a forger could sign with.
OTHER_SEED = base64.b64encode(b"not-the-federation-signing-key!!").decode("ascii")
#: When the tokens were issued; the jest tests freeze their clock inside [iat, exp].
ISSUED_AT = int(datetime(2026, 7, 1, 10, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp())
CARD_SUBJECT = "12.1"  # MemberCard id 12, version 1
PICKUP_SUBJECT = 77  # CampaignSignup id 77


def _app(seed):
    sys.path.insert(0, str(ROOT))
    from app import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "WECHAT_MODE": "offline",
                       "REDIS_URL": None, "SIGNING_KEY_SEED": seed})


def _tampered(token):
    """The token with its expiry pushed an hour later and the original signature kept."""
    body, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["exp"] += 3600
    new_body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).rstrip(b"=")
    return f"{new_body.decode('ascii')}.{signature}"


def fixture_json():
    """The fixture's text: deterministic, as Ed25519 signatures are."""
    from app.campaigns.pickups import PICKUP_TOKEN_KIND
    from app.cards.services import TOKEN_KIND
    from app.signing import sign_token

    app = _app(FIXTURE_SEED)
    response = app.test_client().get("/api/v1/cards/public-key")
    assert response.status_code == 200, response.status
    with app.app_context():
        card_token, card_exp = sign_token(TOKEN_KIND, CARD_SUBJECT, ttl=60, now=ISSUED_AT)
        pickup_token, _ = sign_token(PICKUP_TOKEN_KIND, PICKUP_SUBJECT, ttl=60, now=ISSUED_AT)
    with _app(OTHER_SEED).app_context():
        forged_token, _ = sign_token(TOKEN_KIND, CARD_SUBJECT, ttl=60, now=ISSUED_AT)
    fixture = {
        "about": "Written by scripts/card_token_fixture.py with a test key; checked by "
                 "tests/cards/test_offline_fixture.py.",
        "signing_key_seed": FIXTURE_SEED,
        "public_key": response.get_json(),
        "issued_at": ISSUED_AT,
        "expires_at": card_exp,
        "card_subject": CARD_SUBJECT,
        "card_token": card_token,
        "pickup_subject": PICKUP_SUBJECT,
        "pickup_token": pickup_token,
        "forged_card_token": forged_token,
        "tampered_card_token": _tampered(card_token),
    }
    return json.dumps(fixture, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(fixture_json(), encoding="utf-8")
    print(f"wrote {FIXTURE.relative_to(ROOT)}")
