"""The issue's "done when": from an empty database to a federation in service, through the real
commands and HTTP: setup → tree import (2,000 orgs) → re-import → a bad file → roster import →
the first admin signs in and must change the password → a district officer who sees only their
subtree → a worker claims an imported membership and sees the card."""
import sqlalchemy as sa

from app.extensions import db
from app.membership.imports import HEADERS as ROSTER_HEADERS
from app.orgs.models import Organization
from tests.conftest import assert_error
from tests.golive.sheets import TREE_HEADERS, id_number, roster_rows, tree_rows, workbook_bytes

NEW_PASSWORD = "Hohhot-federation-2026"


def _cli(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def _count_orgs(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Organization))


def test_from_an_empty_database_to_a_federation_in_service(app, client, tmp_path, login_worker):
    assert _count_orgs(app) == 0
    setup = _cli(app, "setup", "--org-name", "呼和浩特市总工会", "--admin-username", "it-admin", "--org-code", "HHHT")
    assert setup.exit_code == 0, setup.output
    initial_password = setup.output.split("初始密码（只显示这一次）：")[1].split()[0]

    rows = tree_rows(2000 - 2 * 6, districts=2, federations_per_district=5)
    tree = tmp_path / "tree.xlsx"
    tree.write_bytes(workbook_bytes(TREE_HEADERS, rows))
    first = _cli(app, "orgs", "import", str(tree))
    assert first.exit_code == 0 and "新建 2000" in first.output, first.output
    again = _cli(app, "orgs", "import", str(tree))
    assert again.exit_code == 0 and "新建 0，更新 0，未变 2000" in again.output
    assert _count_orgs(app) == 2001

    bad = tmp_path / "bad.xlsx"
    bad_rows = [*rows[:100], ("NEW-1", "新工会", "NO-PARENT", "基层工会", "联合", "", "", "", ""), *rows[100:]]
    bad.write_bytes(workbook_bytes(TREE_HEADERS, bad_rows))
    refused = _cli(app, "orgs", "import", str(bad))
    assert refused.exit_code == 1 and "102\t上级组织代码\t上级组织代码 NO-PARENT 不存在" in refused.output
    assert _count_orgs(app) == 2001

    grassroots = [row[0] for row in rows if row[3] == "基层工会"]
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(workbook_bytes(ROSTER_HEADERS, roster_rows(50, grassroots)))
    imported = _cli(app, "members", "import", str(roster))
    assert imported.exit_code == 0 and "新建会员 50" in imported.output, imported.output

    login = client.post("/api/v1/admin/auth/login", json={"username": "it-admin", "password": initial_password})
    admin = {"Authorization": f"Bearer {login.get_json()['token']}"}
    assert_error(client.get("/api/v1/admin/orgs", headers=admin), 403, "password_change_required")
    changed = client.post("/api/v1/admin/auth/password", headers=admin,
                          json={"current_password": initial_password, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.get_json()
    admin = {"Authorization": f"Bearer {changed.get_json()['token']}"}

    district = client.get("/api/v1/admin/orgs/pick?q=TD1&kind=district", headers=admin).get_json()
    assert [d["code"] for d in district] == ["TD1"]
    created = client.post("/api/v1/admin/officers", headers=admin,
                          json={"username": "td1-officer", "password": "District-one-2026", "role": "org_admin",
                                "org_id": district[0]["id"]})
    assert created.status_code == 201, created.get_json()
    first_login = client.post("/api/v1/admin/auth/login",
                              json={"username": "td1-officer", "password": "District-one-2026"}).get_json()
    officer = {"Authorization": f"Bearer {first_login['token']}"}
    changed = client.post("/api/v1/admin/auth/password", headers=officer,
                          json={"current_password": "District-one-2026", "new_password": "District-one-changed"})
    officer = {"Authorization": f"Bearer {changed.get_json()['token']}"}
    seen = client.get("/api/v1/admin/orgs?per_page=100", headers=officer).get_json()
    assert seen["total"] == 1 + 5 + len([r for r in rows if r[2].startswith("TD1-F")])
    assert all(item["path_names"][1] == "第1区总工会" for item in seen["items"])
    assert client.get("/api/v1/admin/orgs/pick?q=TD0", headers=officer).get_json() == []
    members = client.get("/api/v1/admin/membership/members?per_page=100", headers=officer)
    assert members.status_code == 200
    assert 0 < members.get_json()["total"] < 50

    worker = login_worker("imported-member-7")
    claimed = client.post("/api/v1/membership/claim", headers=worker, json={"id_number": id_number(7)})
    assert claimed.status_code == 200, claimed.get_json()
    card = client.get("/api/v1/membership/card", headers=worker)
    assert card.status_code == 200 and card.get_json()["member_no"] == claimed.get_json()["member_no"]
