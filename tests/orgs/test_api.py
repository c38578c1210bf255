"""Finding a union: search by name, under a subtree, by kind; paginated."""
from tests.conftest import assert_error


def names(response):
    assert response.status_code == 200, response.get_json()
    return [org["name"] for org in response.get_json()["items"]]


def test_search_by_name(client, orgs):
    assert names(client.get("/api/v1/orgs?q=骑手")) == ["美团外卖骑手联合工会"]


def test_under_limits_to_a_subtree(client, orgs):
    found = names(client.get(f"/api/v1/orgs?under={orgs['xincheng']}&kind=grassroots"))
    assert sorted(found) == sorted(["美团外卖骑手联合工会", "顺丰速运站工会"])
    assert "地铁2号线项目工会" not in found


def test_under_includes_the_org_itself_and_path_names(client, orgs):
    body = client.get(f"/api/v1/orgs?under={orgs['saihan']}").get_json()
    assert body["total"] == 3
    project = next(o for o in body["items"] if o["name"] == "地铁2号线项目工会")
    assert project["path_names"] == ["测试市总工会", "赛罕区总工会", "敕勒川路街道工会联合会", "地铁2号线项目工会"]
    assert project["subkind"] == "project" and project["district_id"] == orgs["saihan"]


def test_pagination_reports_total(client, orgs):
    body = client.get("/api/v1/orgs?per_page=3&page=2").get_json()
    assert body["total"] == 8 and body["page"] == 2 and body["per_page"] == 3
    assert len(body["items"]) == 3


def test_per_page_is_capped(client, orgs):
    error = assert_error(client.get("/api/v1/orgs?per_page=500"), 422, "validation_error")
    assert "per_page" in error["fields"]


def test_unknown_under_is_404(client, orgs):
    assert_error(client.get("/api/v1/orgs?under=99999"), 404, "org_not_found")


def test_like_wildcards_are_literal(client, orgs):
    assert names(client.get("/api/v1/orgs?q=%25")) == []
