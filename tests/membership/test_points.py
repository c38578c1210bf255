"""Enrollment points: a worksite QR poster that opens the join form with the union chosen."""
import io
import json
import re
from pathlib import Path

import zxingcpp
from PIL import Image

from app.extensions import db
from app.membership.models import MembershipApplication
from tests.conftest import assert_error
from tests.membership.helpers import ID_NUMBERS, apply, approve

POINTS = "/api/v1/admin/enrollment-points"


def _point(client, officer, org_id, name="美团新城站点", kind="worksite"):
    response = client.post(POINTS, json={"org_id": org_id, "name": name, "kind": kind}, headers=officer)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_create_point_and_resolve_scene(client, orgs, login_officer):
    point = _point(client, login_officer("org_admin", "xincheng"), orgs["riders"])
    assert len(point["scene"]) <= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", point["scene"])
    info = client.get(f"/api/v1/enrollment/{point['scene']}").get_json()
    assert info["org"]["id"] == orgs["riders"] and info["point"]["name"] == "美团新城站点"
    assert info["path_names"][-1] == "美团外卖骑手联合工会"
    assert_error(client.get("/api/v1/enrollment/unknown"), 404, "enrollment_point_not_found")


def test_point_rules(client, orgs, login_officer):
    officer = login_officer("org_admin", "xincheng")
    assert_error(client.post(POINTS, json={"org_id": orgs["builders"], "name": "x", "kind": "worksite"},
                             headers=officer), 404)
    assert "org_id" in assert_error(client.post(POINTS, json={"org_id": orgs["xc_street"], "name": "x",
                                                              "kind": "worksite"}, headers=officer), 422)["fields"]
    assert "kind" in assert_error(client.post(POINTS, json={"org_id": orgs["riders"], "name": "x", "kind": "moon"},
                                              headers=officer), 422)["fields"]


def test_applying_by_scene_records_the_point_and_counts(app, client, orgs, login_worker, login_officer):
    officer = login_officer("org_admin", "xincheng")
    point = _point(client, officer, orgs["riders"])
    other = _point(client, officer, orgs["couriers"], name="顺丰驿站", kind="station")
    first = apply(client, login_worker("s1"), scene=point["scene"], id_number=ID_NUMBERS[1]).get_json()
    apply(client, login_worker("s2"), scene=point["scene"], id_number=ID_NUMBERS[2])
    assert first["source"] == "point" and first["point"]["id"] == point["id"]
    assert first["org"]["id"] == orgs["riders"]
    member = approve(client, officer, first["id"]).get_json()
    assert member["source_point_id"] == point["id"]
    listed = {p["id"]: p for p in client.get(POINTS, headers=officer).get_json()["items"]}
    assert (listed[point["id"]]["application_count"], listed[point["id"]]["member_count"]) == (2, 1)
    assert (listed[other["id"]]["application_count"], listed[other["id"]]["member_count"]) == (0, 0)
    assert client.get(POINTS, headers=login_officer("org_admin", "saihan")).get_json()["items"] == []
    # A page at a time, newest first, each point still counted on its own page.
    second_page = client.get(f"{POINTS}?per_page=1&page=2", headers=officer).get_json()
    assert (second_page["total"], second_page["page"], second_page["per_page"]) == (2, 2, 1)
    assert [(p["id"], p["application_count"], p["member_count"]) for p in second_page["items"]] == [(point["id"], 2, 1)]
    with app.app_context():
        assert db.session.get(MembershipApplication, first["id"]).point_id == point["id"]


def test_poster_is_a_printable_png(client, orgs, login_officer):
    officer = login_officer("org_admin", "xincheng")
    point = _point(client, officer, orgs["riders"])
    response = client.get(f"{POINTS}/{point['id']}/poster.png", headers=officer)
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG" and image.size == (1240, 1754)
    # the QR sits in the middle: both dark and light pixels there
    middle = image.convert("L").crop((300, 600, 940, 1240))
    assert middle.getextrema() == (0, 255)
    assert_error(client.get(f"{POINTS}/{point['id']}/poster.png", headers=login_officer("org_admin", "saihan")), 404)


def test_poster_uses_the_mini_program_code_in_live_mode(app, client, orgs, login_officer, monkeypatch):
    officer = login_officer("org_admin", "xincheng")
    point = _point(client, officer, orgs["riders"])
    seen = []
    green = io.BytesIO()
    Image.new("RGB", (430, 430), (0, 200, 0)).save(green, format="PNG")

    def unlimited_wxacode(scene):
        seen.append(scene)
        return green.getvalue()

    monkeypatch.setattr(app.extensions["wechat"], "unlimited_wxacode", unlimited_wxacode)
    response = client.get(f"{POINTS}/{point['id']}/poster.png", headers=officer)
    assert seen == [point["scene"]]
    assert Image.open(io.BytesIO(response.data)).convert("RGB").getpixel((620, 900)) == (0, 200, 0)


def _decoded_qr(png):
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def test_offline_poster_qr_opens_the_join_link_page(app, client, orgs, login_officer):
    """The offline poster's QR is {PUBLIC_BASE_URL}/j/{scene}; opened outside WeChat it names the union."""
    app.config["PUBLIC_BASE_URL"] = "https://ghfw.example.cn/"
    officer = login_officer("org_admin", "xincheng")
    point = _point(client, officer, orgs["riders"])
    texts = _decoded_qr(client.get(f"{POINTS}/{point['id']}/poster.png", headers=officer).data)
    assert texts == [f"https://ghfw.example.cn/j/{point['scene']}"]
    page = client.get(texts[0].removeprefix("https://ghfw.example.cn"))
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert "美团外卖骑手联合工会" in body and "微信" in body and "扫" in body
    missing = client.get("/j/no-such-scene")
    assert missing.status_code == 404 and "无效" in missing.get_data(as_text=True)


def test_configured_join_page_is_a_mini_program_page(app):
    """wxacode.getUnlimited refuses (or opens nothing for) a page app.json does not list."""
    pages = json.loads((Path(__file__).parents[2] / "miniprogram" / "app.json").read_text("utf-8"))["pages"]
    assert app.config["WECHAT_JOIN_PAGE"] in pages
    assert app.config["WECHAT_JOIN_PAGE"] == "pages/membership/join"
