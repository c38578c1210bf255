"""The union tree's officer pages: list, create with the picker, upload with a dry-run preview."""
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.orgs.models import Organization
from tests.admin.conftest import post_form
from tests.golive.sheets import TREE_HEADERS, tree_rows, workbook_bytes


def _count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Organization))


def _upload(client, rows, dry_run):
    data = {"file": (io.BytesIO(workbook_bytes(TREE_HEADERS, rows)), "tree.xlsx")}
    if dry_run:
        data["dry_run"] = "1"
    return post_form(client, "/admin/orgs/import", data, content_type="multipart/form-data")


def test_the_upload_page_previews_then_imports_and_reports_bad_rows(app, web_login):
    admin = web_login("city_admin")
    page = admin.get("/admin/orgs/import")
    assert page.status_code == 200 and "下载导入模板" in page.get_data(as_text=True)
    template = admin.get("/admin/orgs/import/template.xlsx")
    assert next(load_workbook(io.BytesIO(template.data)).active.iter_rows(values_only=True)) == TREE_HEADERS
    before = _count(app)
    rows = tree_rows(10, districts=1, federations_per_district=2)
    preview = _upload(admin, rows, dry_run=True)
    assert preview.status_code == 200 and "检查通过（预览，未写入）" in preview.get_data(as_text=True)
    assert _count(app) == before
    done = _upload(admin, rows, dry_run=False)
    assert "导入完成" in done.get_data(as_text=True) and _count(app) == before + 13

    bad = [(*r[:2], "NOPE", *r[3:]) if i == 4 else r for i, r in enumerate(tree_rows(3, prefix="B", districts=1))]
    refused = _upload(admin, bad, dry_run=False).get_data(as_text=True)
    assert "未导入任何数据" in refused and "<td>6</td><td>上级组织代码</td>" in refused
    assert 'id="report-link"' in refused
    assert _count(app) == before + 13


def test_the_upload_pages_take_files_over_1_mib_up_to_32_mib(app, web_login):
    """The form is read (CSRF) before the page's view runs: the larger limit must hold by then."""
    admin, before = web_login("city_admin"), _count(app)
    for path in ("/admin/orgs/import", "/admin/members/import"):
        large = post_form(admin, path, {"file": (io.BytesIO(b"x" * (2 * 1024 * 1024)), "large.xlsx")},
                          content_type="multipart/form-data")
        assert large.status_code != 413 and "导入" in large.get_data(as_text=True)
        too_large = post_form(admin, path, {"file": (io.BytesIO(b"x" * (32 * 1024 * 1024 + 1)), "huge.xlsx")},
                              content_type="multipart/form-data")
        assert too_large.status_code == 413 and "提交内容过大" in too_large.get_data(as_text=True)
    # Elsewhere the 1 MiB limit stands.
    other = post_form(admin, "/admin/orgs", {"name": "x" * (1024 * 1024 + 1)})
    assert other.status_code == 413
    assert _count(app) == before


def test_the_upload_page_is_for_city_admins_only(web_login):
    district = web_login("org_admin", "xincheng")
    assert district.get("/admin/orgs/import").status_code == 404


def test_an_officer_creates_an_org_through_the_picker_without_javascript(app, web_login, orgs):
    district = web_login("org_admin", "xincheng")
    listing = district.get("/admin/orgs").get_data(as_text=True)
    assert "新城区总工会" in listing and "赛罕区总工会" not in listing
    with app.app_context():
        street_code = db.session.get(Organization, orgs["xc_street"]).code
    response = post_form(district, "/admin/orgs", {"parent_id": "", "parent_id_code": street_code, "code": "XC-NEW",
                                                   "name": "新城区新建工会", "kind": "grassroots",
                                                   "subkind": "building"})
    assert response.status_code == 302
    with app.app_context():
        created = db.session.scalar(sa.select(Organization).where(Organization.code == "XC-NEW"))
        assert created.parent_id == orgs["xc_street"]
    picked = district.get("/admin/orgs/pick?q=XC-N").get_json()
    assert [p["code"] for p in picked] == ["XC-NEW"]
    assert district.get("/admin/orgs/pick?q=赛罕").get_json() == []
    page = district.get(f"/admin/orgs/{created.id}").get_data(as_text=True)
    assert "调整上级组织" in page and "org-picker.js" in page


def test_an_officer_edits_moves_and_deactivates_on_the_screen(app, web_login, orgs, arrange_application):
    admin = web_login("city_admin")
    riders = f"/admin/orgs/{orgs['riders']}"
    assert post_form(admin, riders, {"code": "XC-R", "name": "骑手联合工会（新）", "subkind": "joint"}).status_code == 302
    with app.app_context():
        saihan_street = db.session.get(Organization, orgs["sh_street"]).code
    typed = f"敕勒川路街道工会联合会（{saihan_street}）"  # what the picker shows, posted without JavaScript
    moved = post_form(admin, f"{riders}/move", {"parent_id": "", "parent_id_code": typed})
    assert moved.status_code == 302
    with app.app_context():
        org = db.session.get(Organization, orgs["riders"])
        assert (org.code, org.name) == ("XC-R", "骑手联合工会（新）")
        assert (org.parent_id, org.district_id) == (orgs["sh_street"], orgs["saihan"])
    arrange_application("riders")
    post_form(admin, f"{riders}/deactivate", {"reason": "合并"})
    page = admin.get(riders).get_data(as_text=True)
    assert "1 份待审核的入会申请" in page and "不能停用" in page
