"""ID numbers never appear in clear: not in any table, not in the logs, not in responses —
except the worker's own export and an officer's audited reveal."""
import logging

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from tests.conftest import assert_error
from tests.factories import count_rows
from tests.membership.helpers import ID_NUMBERS, apply, approve

NUMBERS = ID_NUMBERS[1:5]
ADMIN = "/api/v1/admin/membership"


def _apply_and_approve_all(client, login_worker, login_officer, orgs):
    officer, ids = login_officer(), []
    for i, number in enumerate(NUMBERS):
        headers = login_worker(f"p{i}")
        response = apply(client, headers, org_id=orgs["riders"], id_number=number)
        assert response.status_code == 201
        ids.append(response.get_json()["id"])
        assert NUMBERS[i] not in response.get_data(as_text=True)
    for application_id in ids[:2]:
        assert approve(client, officer, application_id).status_code == 200
    client.post(f"{ADMIN}/applications/{ids[2]}/reject", json={"reason": "资料不全"}, headers=officer)
    return officer, ids


def _reveal_and_export(client, officer, login_worker, application_ids):
    """The two paths that handle the number in clear on purpose (and write audit entries)."""
    for application_id in application_ids:
        revealed = client.post(f"{ADMIN}/applications/{application_id}/reveal", json={"reason": "核对身份"},
                               headers=officer)
        assert revealed.get_json()["id_number"] in NUMBERS
    assert client.get("/api/v1/me/export", headers=login_worker("p0")).status_code == 200


def test_no_plaintext_id_number_in_any_text_column(app, client, orgs, login_worker, login_officer):
    officer, ids = _apply_and_approve_all(client, login_worker, login_officer, orgs)
    _reveal_and_export(client, officer, login_worker, ids)
    with app.app_context():
        inspected = 0
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]
            for row in db.session.execute(sa.select(*columns)).all() if columns else []:
                for value in row:
                    inspected += 1
                    for number in NUMBERS:
                        assert number not in str(value), (table.name, value)
                        assert number[:14] not in str(value), (table.name, value)  # not even the birth digits
        assert inspected > 50


def test_logs_carry_no_id_number(app, client, orgs, login_worker, login_officer, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # SQL with its bound parameters
    officer, ids = _apply_and_approve_all(client, login_worker, login_officer, orgs)
    client.get(f"{ADMIN}/applications", headers=officer)
    client.get(f"{ADMIN}/members", headers=officer)
    _reveal_and_export(client, officer, login_worker, ids)
    worker = login_worker("p0")
    apply(client, worker, org_id=orgs["riders"], id_number="150102199003071238")  # invalid: echoed nowhere
    messages = [record.getMessage() for record in caplog.records]
    assert any("approved by officer" in m for m in messages) and any("INSERT INTO members" in m for m in messages)
    for record in caplog.records:
        text = record.getMessage() + str(record.args)
        assert not any(number in text for number in NUMBERS), text
        assert "150102199003071238" not in text


def test_officer_lists_are_masked(client, orgs, login_worker, login_officer):
    officer, _ = _apply_and_approve_all(client, login_worker, login_officer, orgs)
    for path in ("applications", "members"):
        response = client.get(f"{ADMIN}/{path}", headers=officer)
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and response.get_json()["items"]
        assert not any(number in text for number in NUMBERS) and "13812345678" not in text
        assert all("********" in item["id_number_masked"] for item in response.get_json()["items"])


def test_reveal_is_explicit_and_audited(app, client, orgs, login_worker, login_officer):
    officer, ids = _apply_and_approve_all(client, login_worker, login_officer, orgs)
    error = assert_error(client.post(f"{ADMIN}/applications/{ids[3]}/reveal", json={"reason": ""}, headers=officer),
                         422)
    assert "reason" in error["fields"]
    response = client.post(f"{ADMIN}/applications/{ids[3]}/reveal", json={"reason": "核对身份"}, headers=officer)
    assert response.get_json() == {"id_number": NUMBERS[3]}
    member_id = client.get(f"{ADMIN}/members", headers=officer).get_json()["items"][0]["id"]
    revealed = client.post(f"{ADMIN}/members/{member_id}/reveal", json={"reason": "办理保险"}, headers=officer)
    assert revealed.get_json()["id_number"] in NUMBERS[:2]
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "personal_data.id_number.revealed").order_by(AuditEntry.id)).all()
        assert [(e.target_type, e.reason) for e in entries] == [
            ("MembershipApplication", "核对身份"), ("Member", "办理保险")]
        assert all(e.actor_officer_id for e in entries)


def test_export_gives_the_worker_everything_and_is_audited(app, client, orgs, login_worker, login_officer):
    _apply_and_approve_all(client, login_worker, login_officer, orgs)
    response = client.get("/api/v1/me/export", headers=login_worker("p0"))
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["member"]["id_number"] == NUMBERS[0] and body["member"]["phone"] == "13812345678"
    assert body["applications"][0]["id_number"] == NUMBERS[0]
    assert body["applications"][0]["timeline"][0]["event"] == "submitted"
    assert body["member_history"][0]["org"]["id"] == orgs["riders"]
    assert body["user"]["id"] and body["transfers"] == []
    assert count_rows(app, AuditEntry, AuditEntry.action == "personal_data.exported") == 1
    assert_error(client.get("/api/v1/me/export"), 401)


def _legal_aid_slot(app, org_id):
    """A reception day three days ahead with one open slot; returns the slot id."""
    from datetime import datetime, time, timedelta

    from app.legal_aid.services import new_session
    from app.orgs.models import Organization
    from app.timeutil import SHANGHAI, local_now

    with app.app_context():
        day = local_now().date() + timedelta(days=3)
        session = new_session(db.session.get(Organization, org_id), day,
                              {"start_time": time(14), "end_time": time(17), "place": "新城区职工服务中心"},
                              [(datetime.combine(day, time(14), tzinfo=SHANGHAI), 20, 5, None)])
        db.session.commit()
        return session.slots[0].id


def test_export_includes_every_domain_and_the_unmasked_account(app, client, orgs, login_worker, login_officer):
    from tests.campaigns.helpers import arrange_campaign

    _apply_and_approve_all(client, login_worker, login_officer, orgs)
    worker = login_worker("p0")
    assert client.post("/api/v1/auth/wechat/phone", json={"code": "dev-phone:13900001111"},
                       headers=worker).status_code == 200
    booked = client.post("/api/v1/legal-aid/bookings", headers=worker, json={
        "slot_id": _legal_aid_slot(app, orgs["xincheng"]), "case_type": "wage_arrears",
        "description": "平台拖欠两个月配送费", "contact_phone": "13900001111", "workers_involved": 1})
    assert booked.status_code == 201, booked.get_json()
    campaign_id, station_ids = arrange_campaign(app, orgs)
    signed = client.post(f"/api/v1/campaigns/{campaign_id}/signups", json={"station_id": station_ids[0]},
                         headers=worker)
    assert signed.status_code == 201, signed.get_json()

    body = client.get("/api/v1/me/export", headers=worker).get_json()

    assert body["user"]["phone"] == "13900001111" and body["user"]["openid"].startswith("offline-")
    assert "session_key" not in str(body["user"])
    assert [b["description"] for b in body["legal_aid"]] == ["平台拖欠两个月配送费"]
    assert body["legal_aid"][0]["created_at"].endswith("+08:00")
    assert [s["short_code"] for s in body["campaigns"]] == [signed.get_json()["short_code"]]
    assert body["cards"]["member_no"] == body["member"]["member_no"]
    assert body["cards"]["issued_at"].endswith("+08:00")
