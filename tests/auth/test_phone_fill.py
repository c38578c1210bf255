"""使用微信手机号 fills the join form: the owner gets their own full number back from the binding,
only when the form asks for it and only in that response."""
PHONE = "/api/v1/auth/wechat/phone"


def test_binding_for_the_form_returns_the_owners_full_number(client, login_worker):
    alice = login_worker("alice")
    response = client.post(PHONE, json={"code": "dev-phone:13900001111", "fill_form": True}, headers=alice)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["phone"] == "13900001111" and body["phone_masked"] == "139****1111" and body["phone_bound"]

    # everywhere else the number stays masked: the owner's profile, and of course anyone else's view
    mine = client.get("/api/v1/me", headers=alice)
    assert mine.get_json()["phone_masked"] == "139****1111"
    assert "13900001111" not in mine.get_data(as_text=True)
    other = client.get("/api/v1/me", headers=login_worker("bob"))
    assert "13900001111" not in other.get_data(as_text=True) and not other.get_json()["phone_bound"]


def test_binding_without_fill_form_stays_masked(client, login_worker):
    response = client.post(PHONE, json={"code": "dev-phone:13900002222"}, headers=login_worker("carol"))
    assert response.status_code == 200
    assert response.get_json()["phone"] is None
    assert "13900002222" not in response.get_data(as_text=True)


def test_fill_form_must_be_a_boolean(client, login_worker):
    response = client.post(PHONE, json={"code": "dev-phone:13900003333", "fill_form": "perhaps"},
                           headers=login_worker("dave"))
    assert response.status_code == 422
