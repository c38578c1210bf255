"""`GET /api/v1/labels`: public, cacheable, the same words the officer screen shows, and the committed
mini-program fixture is exactly what it serves."""
import json
import re
from pathlib import Path

from scripts.labels_fixture import FIXTURE, served_labels_json
from tests import factories
from tests.admin.conftest import arrange_application, web_login  # noqa: F401  (fixtures)
from tests.membership.helpers import apply

ROOT = Path(__file__).resolve().parents[2]
LABELS = "/api/v1/labels"


def served(client):
    response = client.get(LABELS)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response, json.loads(response.get_data(as_text=True))


def test_labels_are_public_cacheable_and_revalidate_by_etag(client):
    response, labels = served(client)

    assert response.headers["Content-Type"].startswith("application/json")
    assert response.cache_control.public and response.cache_control.max_age == 3600
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    unchanged = client.get(LABELS, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert client.get(LABELS, headers={"If-None-Match": '"stale"'}).status_code == 200
    # What the mini-program shows, not the officer screen's own kinds.
    assert {"occupation", "case_type", "application_status", "application_event", "membership_status",
            "booking_status", "session_status", "signup_status", "household_type"} <= labels.keys()
    assert not labels.keys() & {"audit_action", "audit_target", "audit_state", "role", "bool"}
    # Codes in their domain's order (the order pickers offer them), not sorted.
    assert list(labels["occupation"])[:2] == ["courier", "food_delivery"] and list(labels["occupation"])[-1] == "other"


def test_labels_are_documented_in_openapi(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"][LABELS]["get"]
    assert "security" not in operation
    assert {"200", "304"} <= operation["responses"].keys()
    assert "ETag" in operation["responses"]["200"]["headers"]
    documented = spec["components"]["schemas"]["Labels"]["properties"]
    assert documented.keys() == served(client)[1].keys()


def test_officer_screen_and_worker_api_say_what_the_labels_endpoint_says(client, login_worker, web_login,
                                                                         arrange_application, orgs):
    labels = served(client)[1]
    application_id = arrange_application("riders", occupation="food_delivery", household_type="urban")

    page = web_login("org_admin", org="xincheng").get(f"/admin/applications/{application_id}").get_data(as_text=True)

    assert f"<dt>职业</dt><dd>{labels['occupation']['food_delivery']}</dd>" in page
    assert f"<dt>户籍类型</dt><dd>{labels['household_type']['urban']}</dd>" in page
    assert labels["application_status"]["pending"] in page and labels["application_event"]["submitted"] in page

    headers = login_worker("carol")
    assert apply(client, headers, org_id=orgs["couriers"], occupation="caregiver",
                 id_number=factories.ID_NUMBERS[5]).status_code == 201
    mine = client.get("/api/v1/membership/applications/mine", headers=headers).get_json()["items"][0]
    assert mine["occupation_label"] == labels["occupation"]["caregiver"]


def test_committed_mini_program_fixture_is_what_the_app_serves(client):
    """miniprogram/tests/fixtures/labels.json feeds the mini-program tests' fake server."""
    committed = FIXTURE.read_text(encoding="utf-8")
    pairs = {"object_pairs_hook": list}  # order matters too: it is the pickers' order

    assert json.loads(committed, **pairs) == json.loads(served(client)[0].get_data(as_text=True), **pairs), (
        "stale fixture: run .venv/bin/python scripts/labels_fixture.py")
    assert committed == served_labels_json()


def test_no_mini_program_file_keeps_its_own_label_map(client):
    """Every code → Chinese mapping comes from the endpoint; a copy in the mini-program would drift."""
    codes = {code for labels in served(client)[1].values() for code in labels}
    han = r"[^'\"\n]*[\u4e00-\u9fff]"
    map_entry = re.compile(rf"""(?<![\w.-])['"]?({'|'.join(map(re.escape, codes))})['"]?\s*:\s*['"`]{han}""")
    option = re.compile(rf"""value\s*:\s*['"]({'|'.join(map(re.escape, codes))})['"]\s*,\s*label\s*:\s*['"`]{han}""")
    sources = [path for path in (ROOT / "miniprogram").rglob("*")
               if path.suffix in {".js", ".wxml", ".wxs", ".json"} and path.is_file()
               and not {"node_modules", "tests"} & set(path.relative_to(ROOT / "miniprogram").parts)]
    assert len(sources) > 20

    copies = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in sources
              for pattern in (map_entry, option) for match in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert copies == []
