"""`flask members import`: checked like online applications, all-or-nothing, masked reports, claims."""
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.cards.models import MemberCard
from app.extensions import db
from app.membership.imports import HEADERS as ROSTER_HEADERS
from app.membership.member_no import format_member_no
from app.membership.models import Member
from app.orgs.models import Organization
from tests.conftest import assert_error
from tests.golive.sheets import id_number, roster_rows, workbook_bytes


def _grassroots_codes(app, orgs):
    with app.app_context():
        return [db.session.get(Organization, orgs[key]).code for key in ("riders", "couriers", "builders")]


def _import(app, tmp_path, rows, *args):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes(ROSTER_HEADERS, rows))
    return app.test_cli_runner().invoke(args=["members", "import", str(path), *args]), path


def _members(app):
    with app.app_context():
        return db.session.scalars(sa.select(Member).order_by(Member.id)).all()


def test_a_clean_roster_imports_with_numbers_and_cards_and_a_worker_claims_it(app, orgs, tmp_path, client,
                                                                             login_worker):
    codes = _grassroots_codes(app, orgs)
    rows = roster_rows(6, codes)
    kept = format_member_no(2024, 77)
    rows[0] = (*rows[0][:5], kept, *rows[0][6:])
    rows[1] = (*rows[1][:5], kept[:-1] + ("0" if kept[-1] != "0" else "1"), *rows[1][6:])  # wrong check char
    result, _ = _import(app, tmp_path, rows, "--dry-run")
    assert result.exit_code == 0 and "检查通过（未写入）" in result.output and not _members(app)
    result, _ = _import(app, tmp_path, rows)
    assert result.exit_code == 0 and "新建会员 6" in result.output, result.output
    with app.app_context():
        members = db.session.scalars(sa.select(Member).order_by(Member.id)).all()
        assert [m.user_id for m in members] == [None] * 6
        assert members[0].member_no == kept and members[1].member_no != rows[1][5]
        assert members[1].occupation == "food_delivery" and members[0].application.household_type == "rural"
        assert [m.is_migrant_worker for m in members] == [True, False] * 3  # copied for the report's counts
        assert id_number(0) not in members[0].id_number_encrypted and members[0].id_number_tail == id_number(0)[-4:]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberCard)) == 6
        assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "member.imported"))
        # The bulk insert writes each application's district itself (a district's lists read it).
        assert {m.application.district_id for m in members} == {m.org.district_id for m in members} != {None}
        assert all(m.application.district_id == m.org.district_id for m in members)

    worker = login_worker("imported-worker")
    assert_error(client.get("/api/v1/membership/card", headers=worker), 404)
    claimed = client.post("/api/v1/membership/claim", headers=worker, json={"id_number": id_number(0)})
    assert claimed.status_code == 200, claimed.get_json()
    card = client.get("/api/v1/membership/card", headers=worker)
    assert card.status_code == 200 and card.get_json()["member_no"] == kept
    other = login_worker("someone-else")
    assert_error(client.post("/api/v1/membership/claim", headers=other, json={"id_number": id_number(0)}),
                 404, "nothing_to_claim")
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "member.claimed"))


def test_one_bad_row_imports_nothing_and_the_report_masks_id_numbers(app, orgs, tmp_path):
    codes = _grassroots_codes(app, orgs)
    rows = roster_rows(5, codes)
    rows[1] = (rows[1][0], rows[1][1][:17] + ("0" if rows[1][1][17] != "0" else "1"), *rows[1][2:])  # row 3
    rows[2] = (*rows[2][:3], "NO-SUCH", *rows[2][4:])  # row 4
    rows[3] = (rows[3][0], rows[0][1], *rows[3][2:])  # row 5: same person as row 2
    rows[4] = (*rows[4][:6], "飞行员", *rows[4][7:])  # row 6
    result, _ = _import(app, tmp_path, rows)
    assert result.exit_code == 1
    assert "3\t身份证号\t" in result.output and "4\t所属工会代码\t" in result.output
    assert "5\t身份证号\t与第 2 行是同一人" in result.output and "6\t职业\t" in result.output
    assert not _members(app)
    report = (tmp_path / "roster.xlsx.问题报告.xlsx").read_bytes()
    cells = [str(c) for row in load_workbook(io.BytesIO(report)).active.iter_rows(values_only=True) for c in row]
    assert not any(id_number(i) in cell for i in range(5) for cell in cells)
    assert f"{id_number(0)[:6]}********{id_number(0)[-4:]}" in cells
    assert not any(id_number(i) in result.output for i in range(5))


def test_existing_members_are_bad_rows(app, orgs, tmp_path):
    codes = _grassroots_codes(app, orgs)
    assert _import(app, tmp_path, roster_rows(2, codes))[0].exit_code == 0
    again, _ = _import(app, tmp_path, roster_rows(3, codes))
    assert again.exit_code == 1 and "2\t身份证号\t此人已是会员" in again.output
    assert len(_members(app)) == 2


def test_the_roster_upload_page_previews_imports_and_masks(app, orgs, web_login):
    from tests.admin.conftest import post_form

    codes = _grassroots_codes(app, orgs)
    district = web_login("org_admin", "xincheng")
    assert "批量导入会员名册" in district.get("/admin/members").get_data(as_text=True)
    template = district.get("/admin/members/import/template.xlsx")
    assert next(load_workbook(io.BytesIO(template.data)).active.iter_rows(values_only=True)) == ROSTER_HEADERS

    def upload(rows, dry_run):
        data = {"file": (io.BytesIO(workbook_bytes(ROSTER_HEADERS, rows)), "roster.xlsx")}
        if dry_run:
            data["dry_run"] = "1"
        return post_form(district, "/admin/members/import", data, content_type="multipart/form-data")

    inside = roster_rows(2, codes[:2])  # riders, couriers: inside 新城区
    assert "检查通过（预览，未写入）" in upload(inside, True).get_data(as_text=True) and not _members(app)
    outside = roster_rows(1, codes[2:], start=10)  # builders: 赛罕区, outside the officer's subtree
    refused = upload(inside + outside, False).get_data(as_text=True)
    assert "<td>4</td><td>所属工会代码</td>" in refused and id_number(10) not in refused and not _members(app)
    assert "导入完成" in upload(inside, False).get_data(as_text=True) and len(_members(app)) == 2
