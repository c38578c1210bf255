"""Org pickers at city scale: search by name or code inside the officer's subtree, nothing capped."""
from tests.admin.conftest import post_form  # noqa: F401  (the pages are signed in through the real form)
from tests.golive.sheets import TREE_HEADERS, tree_rows, workbook_bytes


def _big_tree(app, tmp_path, orgs):
    """2,600 more unions under 新城区 (beyond the old 2,000-entry drop-down cap)."""
    from app.extensions import db
    from app.orgs.models import Organization

    with app.app_context():
        xincheng_code = db.session.get(Organization, orgs["xincheng"]).code
    rows = [r if r[3] != "区县总工会" else None for r in tree_rows(2600, districts=1, federations_per_district=3)]
    rows = [(r[0], r[1], r[2] if r[2] != "TD0" else xincheng_code, *r[3:]) for r in rows if r]
    path = tmp_path / "big.xlsx"
    path.write_bytes(workbook_bytes(TREE_HEADERS, rows))
    result = app.test_cli_runner().invoke(args=["orgs", "import", str(path)])
    assert result.exit_code == 0, result.output


def test_the_last_of_thousands_of_unions_is_found_by_code_and_name(app, tmp_path, orgs, web_login):
    _big_tree(app, tmp_path, orgs)
    district = web_login("org_admin", "xincheng")
    assert [o["code"] for o in district.get("/admin/orgs/pick?q=TD0-F1-G2599").get_json()] == ["TD0-F1-G2599"]
    assert [o["name"] for o in district.get("/admin/orgs/pick?q=第2599号").get_json()] == ["第2599号基层工会"]
    assert district.get("/admin/orgs/pick?q=敕勒川").get_json() == []  # 赛罕区: outside the subtree
    saihan = web_login("org_admin", "saihan")
    assert saihan.get("/admin/orgs/pick?q=TD0-F1-G2599").get_json() == []


def test_the_screen_forms_use_the_picker_instead_of_a_capped_list(app, tmp_path, orgs, web_login):
    _big_tree(app, tmp_path, orgs)
    admin = web_login("city_admin")
    for page in ("/admin/applications", "/admin/members", "/admin/legal-aid", "/admin/campaigns",
                 "/admin/enrollment-points", "/admin/officers"):
        html = admin.get(page).get_data(as_text=True)
        assert 'data-org-picker="pick-org_id"' in html, page
        assert "第2599号基层工会" not in html, page  # no page lists every union any more


def test_the_mini_program_union_search_finds_by_code_and_hides_deactivated(client, login_officer, orgs, app):
    from app.extensions import db
    from app.orgs.models import Organization

    with app.app_context():
        code = db.session.get(Organization, orgs["riders"]).code
    found = client.get(f"/api/v1/orgs?q={code}").get_json()
    assert [item["id"] for item in found["items"]] == [orgs["riders"]]
    admin = login_officer("city_admin")
    assert client.post(f"/api/v1/admin/orgs/{orgs['couriers']}/deactivate", headers=admin, json={}).status_code == 200
    assert client.get("/api/v1/orgs?q=顺丰").get_json()["total"] == 0
