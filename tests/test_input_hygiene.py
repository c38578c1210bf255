"""Every input is answered: normalised text, bounded ids, pages and dates, sane JSON bodies, the
token checked before the body — each through the real HTTP entry point."""
import io
import json

import sqlalchemy as sa

from app.extensions import db
from app.membership.models import Member, MembershipApplication
from tests.conftest import assert_error
from tests.membership.helpers import ID_NUMBERS, application_body, apply, approve

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _window(first_day, last_day):
    return {"signup_starts_at": f"{first_day}T09:00:00+08:00", "signup_ends_at": f"{last_day}T18:00:00+08:00",
            "pickup_starts_at": f"{first_day}T09:00:00+08:00", "pickup_ends_at": f"{last_day}T18:00:00+08:00"}


def _member(client, login_worker, login_officer, orgs, worker="alice"):
    officer = login_officer("city_admin")
    response = apply(client, login_worker(worker), org_id=orgs["riders"])
    assert response.status_code == 201, response.get_json()
    assert approve(client, officer, response.get_json()["id"]).status_code == 200
    return officer


def test_full_width_id_number_of_a_member_is_the_same_person(app, client, orgs, login_worker, login_officer):
    _member(client, login_worker, login_officer, orgs)

    response = apply(client, login_worker("bob"), org_id=orgs["couriers"],
                     id_number=ID_NUMBERS[1].translate(FULL_WIDTH), phone="１３９１２３４５６７８")

    assert_error(response, 409, "already_member")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MembershipApplication)) == 1


def test_full_width_digits_are_stored_as_ascii(app, client, orgs, login_worker):
    response = apply(client, login_worker(), org_id=orgs["riders"],
                     id_number=ID_NUMBERS[1].translate(FULL_WIDTH), phone="１３８１２３４５６７８")

    assert response.status_code == 201, response.get_json()
    with app.app_context():
        stored = db.session.get(MembershipApplication, response.get_json()["id"])
        assert stored.phone == "13812345678"
        assert stored.id_number_tail == ID_NUMBERS[1][-4:]


def test_control_characters_and_lone_surrogates_are_field_errors(client, orgs, login_worker):
    headers = login_worker()
    for name, message in (("王\x00建国", "不能包含空字符"), ("王\x07建国", "不能包含控制字符"),
                          ("王\n建国", "不能包含控制字符"), ("王\ud800建国", "包含无效的字符编码")):
        body = application_body(org_id=orgs["riders"], name=name)
        # json.dumps escapes the surrogate as \ud800, as a client would send it.
        response = client.post("/api/v1/membership/applications", data=json.dumps(body),
                               content_type="application/json", headers=headers)
        error = assert_error(response, 422, "validation_error")
        assert error["fields"] == {"name": [message]}


def test_nul_in_query_strings_and_path_segments_never_reaches_the_database(client, orgs, login_officer):
    assert_error(client.get("/api/v1/orgs", query_string={"q": "工会\x00"}), 422, "validation_error")
    assert_error(client.get("/api/v1/enrollment/ab%00cd"), 404, "not_found")
    assert_error(client.post("/api/v1/admin/auth/login", json={"username": "a\x00", "password": "x"}),
                 422, "validation_error")


def test_multi_line_text_keeps_its_line_breaks(client, orgs, login_officer):
    officer = login_officer("city_admin")
    body = {"org_id": orgs["xincheng"], "name": "2026 夏季送清凉", "description": "第一行\n第二行\t完",
            "pack_contents": ["矿泉水"], **_window("2026-07-01", "2026-08-31")}
    created = client.post("/api/v1/admin/campaigns", json=body, headers=officer)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["description"] == "第一行\n第二行\t完"

    error = assert_error(client.post("/api/v1/admin/campaigns", json={**body, "name": "送清凉\n活动"},
                                     headers=officer), 422)
    assert error["fields"] == {"name": ["不能包含控制字符"]}


def test_ids_beyond_int4_are_404_in_routes_and_422_in_bodies(client, orgs, login_worker, login_officer):
    assert_error(client.get("/api/v1/orgs/2147483648"), 404, "not_found")
    officer = login_officer("city_admin")
    assert_error(client.get("/api/v1/admin/membership/applications/99999999999999999999", headers=officer), 404)
    error = assert_error(apply(client, login_worker(), org_id=2**31), 422, "validation_error")
    assert "org_id" in error["fields"]
    error = assert_error(client.get("/api/v1/orgs", query_string={"under": 10**18}), 422)
    assert "under" in error["fields"]


def test_pages_and_dates_are_bounded(client, orgs, login_officer):
    error = assert_error(client.get("/api/v1/orgs", query_string={"page": 10**18}), 422)
    assert error["fields"] == {"page": ["应不小于 1 且不大于 10000"]}
    for query in ({"from": "9999-12-31"}, {"to": "0001-01-01"}):
        error = assert_error(client.get("/api/v1/legal-aid/sessions", query_string=query), 422)
        assert list(error["fields"]) == list(query)
    officer = login_officer("city_admin")
    body = {"org_id": orgs["xincheng"], "name": "远古的活动", "pack_contents": ["矿泉水"],
            **_window("2026-07-01", "2026-08-31"), "signup_starts_at": "0001-01-01T00:00:00+08:00",
            "pickup_ends_at": "9999-12-31T23:59:59+08:00"}
    error = assert_error(client.post("/api/v1/admin/campaigns", json=body, headers=officer), 422)
    assert set(error["fields"]) == {"signup_starts_at", "pickup_ends_at"}


def test_bodies_that_are_not_sane_json(client, login_worker):
    headers = login_worker()
    url = "/api/v1/legal-aid/bookings"
    assert_error(client.post(url, data="slot_id=1", content_type="text/plain", headers=headers),
                 415, "unsupported_media_type")
    assert_error(client.post(url, data="[" * 10_000 + "]" * 10_000, content_type="application/json",
                             headers=headers), 400, "bad_request")
    assert_error(client.post(url, data='{"slot_id": ' + "9" * 5000 + "}", content_type="application/json",
                             headers=headers), 400, "bad_request")
    assert_error(client.post(url, data="{not json", content_type="application/json", headers=headers), 400)
    chunked = {"Transfer-Encoding": "chunked", "Content-Type": "application/json", **headers}
    oversize = io.BytesIO(b'{"description": "' + b"x" * (2 * 1024 * 1024) + b'"}')
    assert_error(client.post(url, input_stream=oversize, headers=chunked,
                             environ_overrides={"wsgi.input_terminated": True}), 413, "payload_too_large")


def test_anonymous_callers_get_401_before_their_body_is_read(client):
    for method, url in (("post", "/api/v1/membership/applications"), ("post", "/api/v1/legal-aid/bookings"),
                        ("post", "/api/v1/admin/legal-aid/lawyers"), ("post", "/api/v1/admin/cards/verify"),
                        ("post", "/api/v1/campaigns/1/signups"), ("get", "/api/v1/admin/legal-aid/stats")):
        response = getattr(client, method)(url, json={"nonsense": True}, query_string={"from": "x"})
        assert_error(response, 401)


def test_binding_a_lawyer_to_officer_0_is_a_field_error(app, client, orgs, login_officer):
    officer = login_officer("city_admin")
    created = client.post("/api/v1/admin/legal-aid/lawyers", headers=officer,
                          json={"name": "王律师", "firm": "正义律师事务所", "org_id": orgs["city"]})
    assert created.status_code == 201, created.get_json()

    response = client.patch(f"/api/v1/admin/legal-aid/lawyers/{created.get_json()['id']}",
                            json={"officer_id": 0}, headers=officer)

    assert "officer_id" in assert_error(response, 422)["fields"]


def test_members_still_count_once(app, client, orgs, login_worker, login_officer):
    """Control for the duplicate test above: the ASCII spelling is refused the same way."""
    _member(client, login_worker, login_officer, orgs)
    assert_error(apply(client, login_worker("bob"), org_id=orgs["couriers"]), 409, "already_member")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 1
