"""Workers: upcoming sessions with places left, booking a slot, their bookings, cancelling."""
import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.legal_aid.bookings import export_for
from tests.conftest import assert_error
from tests.legal_aid.conftest import WORKER, booking_row, cancel_directly, count_bookings, slot_row


def slots_by_id(client, headers=None):
    body = client.get(f"{WORKER}/sessions", headers=headers).get_json()
    return {slot["id"]: slot for session in body["items"] for slot in session["slots"]}, body


def test_listing_shows_places_left_and_a_full_slot_as_zero(client, make_session, book):
    session = make_session(slots=(("14:00", 20, 1, None), ("14:20", 20, 2, None)))
    full, roomy = session["slots"]
    assert book(full, "alice").status_code == 201

    slots, body = slots_by_id(client)

    assert body["total"] == 1
    assert slots[full]["places_left"] == 0 and slots[full]["bookable"] is False
    assert slots[roomy]["places_left"] == 2 and slots[roomy]["bookable"] is True
    session_out = body["items"][0]
    assert session_out["starts_at"].endswith("+08:00") and "T14:00:00" in session_out["starts_at"]
    assert session_out["org"]["name"] == "新城区总工会"
    assert_error(book(full, "bob"), 409, "slot_full")


def test_listing_hides_past_and_cancelled_sessions_and_filters_by_date(app, client, make_session, move_to_past):
    upcoming = make_session(days=3)
    later = make_session(days=20)
    past = make_session(days=1)
    move_to_past(past["id"], days=5)
    cancelled = make_session(days=4)
    cancel_directly(app, cancelled["id"])

    ids = [s["id"] for s in client.get(f"{WORKER}/sessions").get_json()["items"]]
    assert ids == [upcoming["id"], later["id"]]
    body = client.get(f"{WORKER}/sessions?from=2000-01-01&to=2000-01-02").get_json()
    assert body["total"] == 0
    assert_error(client.get(f"{WORKER}/sessions?from=2030-01-02&to=2030-01-01"), 422, "validation_error")


def test_booking_takes_a_place_and_records_the_matter(app, client, make_session, book):
    slot_id = make_session(slots=(("14:00", 20, 3, None),))["slots"][0]

    response = book(slot_id, "alice", case_type="work_injury", description="送餐途中摔伤，平台不认工伤",
                    workers_involved=2)

    body = response.get_json()
    assert response.status_code == 201, body
    assert body["status"] == "booked" and body["case_type_label"] == "工伤认定与赔偿"
    assert body["contact_phone_masked"] == "138****5678" and "13812345678" not in response.get_data(as_text=True)
    assert body["slot_starts_at"].endswith("+08:00") and body["can_cancel"] is True
    stored = booking_row(app, body["id"])
    assert (stored.case_type, stored.workers_involved, stored.contact_phone) == ("work_injury", 2, "13812345678")
    assert slot_row(app, slot_id).booked_count == 1


def test_non_members_may_book_but_anonymous_requests_may_not(client, make_session, book):
    slot_id = make_session()["slots"][0]
    assert book(slot_id, "not-a-member").status_code == 201
    assert_error(client.post(f"{WORKER}/bookings", json={"slot_id": slot_id, "case_type": "other",
                                                         "description": "x", "contact_phone": "13812345678"}),
                 401, "token_missing")


def test_one_active_booking_per_worker_per_session(app, make_session, book):
    first, second = make_session(slots=(("14:00", 20, 2, None), ("14:20", 20, 2, None)))["slots"]
    other_session_slot = make_session(days=10)["slots"][0]
    assert book(first, "alice").status_code == 201

    assert_error(book(second, "alice"), 409, "already_booked_in_session")
    assert book(other_session_slot, "alice").status_code == 201
    assert count_bookings(app, slot_id=second) == 0


def test_past_and_cancelled_slots_cannot_be_booked(app, make_session, move_to_past, book):
    cancelled = make_session(days=5)
    past = make_session(days=1)
    move_to_past(past["id"], days=3)
    cancel_directly(app, cancelled["id"])

    assert_error(book(past["slots"][0]), 409, "slot_not_bookable")
    assert_error(book(cancelled["slots"][0]), 409, "slot_not_bookable")
    assert count_bookings(app) == 0


def test_bad_input_gets_per_field_chinese_messages(make_session, book):
    slot_id = make_session()["slots"][0]

    error = assert_error(book(slot_id, description="长" * 1001, contact_phone="12345", case_type="divorce",
                              workers_involved=0), 422, "validation_error")

    assert error["fields"]["description"] == ["请用 1 到 1000 个字描述您的问题"]
    assert error["fields"]["contact_phone"] == ["手机号码格式不正确"]
    assert error["fields"]["case_type"] == ["案件类型无效"]
    assert error["fields"]["workers_involved"]
    assert book(slot_id, description="长" * 1000).status_code == 201


def test_blank_description_unknown_slot_and_missing_fields(make_session, book, client, login_worker):
    slot_id = make_session()["slots"][0]
    assert assert_error(book(slot_id, description="   "), 422)["fields"]["description"] == ["请描述您遇到的问题"]
    assert assert_error(book(99999), 422)["fields"]["slot_id"] == ["预约时段不存在"]
    error = assert_error(client.post(f"{WORKER}/bookings", json={}, headers=login_worker()), 422)
    assert error["fields"]["slot_id"] == ["此项为必填项"] and error["fields"]["case_type"] == ["此项为必填项"]


def test_contact_phone_defaults_to_the_bound_phone(app, client, make_session, login_worker):
    slot_id = make_session()["slots"][0]
    headers = login_worker("carol")
    body = {"slot_id": slot_id, "case_type": "other", "description": "咨询"}
    assert assert_error(client.post(f"{WORKER}/bookings", json=body, headers=headers), 422)["fields"] == {
        "contact_phone": ["请填写联系电话"]}
    client.post("/api/v1/auth/wechat/phone", json={"code": "dev-phone:13900001111"}, headers=headers)

    response = client.post(f"{WORKER}/bookings", json=body, headers=headers)

    assert response.status_code == 201
    assert booking_row(app, response.get_json()["id"]).contact_phone == "13900001111"


def test_mine_and_cancel_frees_the_place_and_allows_rebooking(app, client, make_session, book, login_worker):
    slot_id = make_session(slots=(("14:00", 20, 1, None),))["slots"][0]
    booking_id = book(slot_id, "alice").get_json()["id"]
    headers = login_worker("alice")

    mine = client.get(f"{WORKER}/bookings/mine", headers=headers).get_json()
    assert mine["total"] == 1 and mine["items"][0]["session"]["place"] == "新城区职工服务中心三楼"
    response = client.post(f"{WORKER}/bookings/{booking_id}/cancel", headers=headers)

    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert slot_row(app, slot_id).booked_count == 0
    assert booking_row(app, booking_id).cancelled_at is not None
    assert_error(client.post(f"{WORKER}/bookings/{booking_id}/cancel", headers=headers), 409,
                 "booking_not_cancellable")
    assert book(slot_id, "bob").status_code == 201
    assert_error(book(slot_id, "alice"), 409, "slot_full")


def test_cannot_cancel_close_to_the_slot_unless_configured(app, client, make_session, book, login_worker):
    soon = app.config["LEGAL_AID_CANCEL_HOURS_BEFORE"]
    slot_id = make_session(days=1)["slots"][0]
    booking_id = book(slot_id).get_json()["id"]
    headers = login_worker("alice")
    app.config["LEGAL_AID_CANCEL_HOURS_BEFORE"] = 48
    try:
        mine = client.get(f"{WORKER}/bookings/mine", headers=headers).get_json()["items"][0]
        assert mine["can_cancel"] is False
        error = assert_error(client.post(f"{WORKER}/bookings/{booking_id}/cancel", headers=headers), 409,
                             "cancel_too_late")
        assert "48 小时" in error["message"]
    finally:
        app.config["LEGAL_AID_CANCEL_HOURS_BEFORE"] = soon
    assert client.post(f"{WORKER}/bookings/{booking_id}/cancel", headers=headers).status_code == 200


def test_workers_cannot_touch_each_others_bookings(client, make_session, book, login_worker):
    booking_id = book(make_session()["slots"][0], "alice").get_json()["id"]
    headers = login_worker("mallory")
    assert_error(client.post(f"{WORKER}/bookings/{booking_id}/cancel", headers=headers), 404,
                 "legal_aid_booking_not_found")
    assert client.get(f"{WORKER}/bookings/mine", headers=headers).get_json()["total"] == 0


def test_export_for_gives_the_workers_own_data(app, make_session, book):
    book(make_session()["slots"][0], "alice", description="拖欠工资两个月")
    with app.app_context():
        alice = db.session.scalar(sa.select(User).where(User.nickname == "alice"))
        exported = export_for(alice)
    assert len(exported) == 1
    assert exported[0]["description"] == "拖欠工资两个月" and exported[0]["contact_phone"] == "13812345678"
    assert exported[0]["slot_starts_at"].endswith("+08:00") and exported[0]["status"] == "booked"
