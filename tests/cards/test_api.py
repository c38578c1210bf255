"""The member card: shown to the worker, a rotating Ed25519 QR token, verified by officers."""
import base64
import json

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from app.auth.models import User
from app.extensions import db
from app.membership.models import Member
from tests.conftest import assert_error
from tests.membership.helpers import make_member


@pytest.fixture
def member(app, client, orgs, login_worker):
    """A worker 'alice' who is an approved member of the riders' union."""
    headers = login_worker("alice")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.nickname == "alice"))
    member_id, member_no = make_member(app, user_id, orgs["riders"], name="李晓明")
    return {"headers": headers, "member_id": member_id, "member_no": member_no}


def set_member_status(app, member_id, status):
    with app.app_context():
        db.session.get(Member, member_id).status = status
        db.session.commit()


def qr_token(client, headers):
    response = client.get("/api/v1/membership/card/qr", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_card_shows_member_no_name_union_and_status(client, member):
    card = client.get("/api/v1/membership/card", headers=member["headers"]).get_json()
    assert card["member_no"] == member["member_no"]
    assert card["name"] == "李晓明"
    assert card["org"]["name"] == "美团外卖骑手联合工会"
    assert card["status"] == "active"
    assert card["joined_at"].endswith("+08:00")


def test_non_member_has_no_card(client, orgs, login_worker):
    assert_error(client.get("/api/v1/membership/card", headers=login_worker("bob")), 404, "not_a_member")
    assert_error(client.get("/api/v1/membership/card/qr", headers=login_worker("bob")), 404, "not_a_member")


def test_qr_token_lives_at_most_60_seconds_and_is_signed_with_ed25519(client, member):
    body = qr_token(client, member["headers"])
    assert 0 < body["ttl_seconds"] <= 60 and body["expires_at"].endswith("+08:00")
    payload_b64, signature_b64 = body["token"].split(".")
    payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
    assert payload["exp"] - payload["iat"] <= 60

    # A station's device checks it offline with nothing but the published public key.
    key = client.get("/api/v1/cards/public-key").get_json()
    assert key["algorithm"] == "Ed25519"
    public_key = load_pem_public_key(key["public_key_pem"].encode())
    signature = base64.urlsafe_b64decode(signature_b64 + "=" * (-len(signature_b64) % 4))
    public_key.verify(signature, payload_b64.encode())  # raises if the signature were wrong


def test_officer_verifies_a_fresh_token(client, member, login_officer):
    token = qr_token(client, member["headers"])["token"]
    response = client.post("/api/v1/admin/cards/verify", json={"token": token},
                           headers=login_officer("org_admin", "saihan"))
    body = response.get_json()
    assert response.status_code == 200, body
    assert body == {"valid": True, "member_status": "active", "name_masked": "李*明",
                    "member_no": member["member_no"], "org": body["org"]}
    assert body["org"]["name"] == "美团外卖骑手联合工会"


def test_expired_token_is_refused(app, client, member, login_officer, frozen_now):
    token = qr_token(client, member["headers"])["token"]
    frozen_now.shift(61)
    assert_error(client.post("/api/v1/admin/cards/verify", json={"token": token}, headers=login_officer()),
                 400, "card_token_expired")


def test_forged_token_is_refused(client, member, login_officer):
    token = qr_token(client, member["headers"])["token"]
    payload_b64, signature = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
    payload["exp"] += 3600
    forged_payload = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    headers = login_officer()
    assert_error(client.post("/api/v1/admin/cards/verify", json={"token": f"{forged_payload}.{signature}"},
                             headers=headers), 400, "card_token_forged")
    assert_error(client.post("/api/v1/admin/cards/verify", json={"token": "garbage"}, headers=headers),
                 400, "card_token_forged")


@pytest.mark.parametrize("status", ["suspended", "transferred_out"])
def test_token_of_a_suspended_or_transferred_out_member_is_revoked(app, client, member, login_officer, status):
    token = qr_token(client, member["headers"])["token"]
    set_member_status(app, member["member_id"], status)
    assert_error(client.post("/api/v1/admin/cards/verify", json={"token": token}, headers=login_officer()),
                 409, "card_revoked")
    assert_error(client.get("/api/v1/membership/card/qr", headers=member["headers"]), 409, "card_inactive")
    assert client.get("/api/v1/membership/card", headers=member["headers"]).get_json()["status"] == status


def test_a_pickup_token_is_not_a_card_token(app, client, member, login_officer):
    from app.signing import sign_token

    with app.app_context():
        pickup_token, _ = sign_token("pickup", "1")
    error = assert_error(client.post("/api/v1/admin/cards/verify", json={"token": pickup_token},
                                     headers=login_officer()), 400, "card_token_forged")
    assert error["message"].startswith("这是清凉包领取码")


def test_verify_needs_an_officer(client, member):
    token = qr_token(client, member["headers"])["token"]
    assert_error(client.post("/api/v1/admin/cards/verify", json={"token": token}, headers=member["headers"]),
                 401, "token_invalid")


@pytest.mark.parametrize(("role", "status"), [("station_staff", 200), ("org_admin", 200), ("lawyer", 403)])
def test_station_staff_and_officers_check_cards_but_lawyers_may_not(client, member, login_officer, role, status):
    """The design's role table: station staff and officers verify cards; a lawyer's token reads nothing."""
    token = qr_token(client, member["headers"])["token"]
    response = client.post("/api/v1/admin/cards/verify", json={"token": token}, headers=login_officer(role, "xincheng"))
    if status == 403:
        error = assert_error(response, 403, "forbidden")
        assert member["member_no"] not in response.get_data(as_text=True) and "李" not in error["message"]
    else:
        assert response.status_code == 200 and response.get_json()["member_no"] == member["member_no"]
