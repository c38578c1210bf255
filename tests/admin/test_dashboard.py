"""The dashboard, its JSON twin, the Excel exports and the role pages."""
import re
from io import BytesIO

import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.extensions import db
from tests import factories
from tests.admin.conftest import post_form


def _stat_numbers(html):
    """{label: number text} of the dashboard's figure tiles."""
    return {label: value for value, label in
                re.findall(r'<div class="stat">(?:<a [^>]*>)?<strong>([^<]*)</strong><span>([^<]*)</span>', html)}


def test_dashboard_numbers_match_the_stats_api(app, web_login, login_officer, arrange_application, orgs):
    from tests.factories import make_user
    from tests.membership.helpers import make_member

    arrange_application("riders", id_number=factories.ID_NUMBERS[1])
    arrange_application("builders", id_number=factories.ID_NUMBERS[2])
    with app.app_context():
        user_id = make_user("m").id
        db.session.commit()
    make_member(app, user_id, orgs["couriers"], id_number=factories.ID_NUMBERS[3])

    for org in ("xincheng", "city"):
        role = "org_admin" if org != "city" else "city_admin"
        page = web_login(role, org=org).get("/admin/")
        api = app.test_client().get("/api/v1/admin/stats", headers=login_officer(role, org))
        figures, tiles = api.get_json(), _stat_numbers(page.get_data(as_text=True))
        assert api.status_code == 200 and page.status_code == 200
        assert tiles["在册会员"] == str(figures["membership"]["members_total"])
        assert tiles["其中农民工会员"] == str(figures["membership"]["migrant_members"])
        assert tiles["期间新入会"] == str(figures["membership"]["new_members"])
        assert tiles["法律援助案件"] == str(figures["legal_aid"]["cases"])
        assert tiles["挽回经济损失"] == "¥" + figures["legal_aid"]["amount_recovered"]
        assert tiles["期间发放清凉包"] == str(figures["campaigns_period"]["packs_handed_out"])
        assert tiles["清凉包剩余库存"] == str(figures["campaigns"]["left"])
        assert _todo(page.get_data(as_text=True))["applications"] == (1 if org == "xincheng" else 2)
        assert figures["membership"]["pending_applications"] == (1 if org == "xincheng" else 2)
        assert figures["membership"]["members_total"] == 1 and figures["membership"]["new_members"] == 1


def _todo(html):
    """{list: count} of the dashboard's to-do row."""
    return {key.replace("-", "_"): int(count.replace(",", "")) for key, count in
            re.findall(r'<a class="todo[^"]*" id="todo-([a-z-]+)" href="[^"]*"><strong>([^<]*)</strong>', html)}


def test_stats_api_needs_an_office_role(client, login_officer):
    response = client.get("/api/v1/admin/stats", headers=login_officer("lawyer", "xincheng"))
    assert response.status_code == 403


def test_audit_api_is_scoped(app, client, login_officer, orgs):
    from app.audit.services import record_audit

    with app.app_context():
        record_audit("test.here", org_id=orgs["riders"], target_type="x")
        record_audit("test.there", org_id=orgs["builders"], target_type="x")
        db.session.commit()
    district = client.get("/api/v1/admin/audit?action=test.", headers=login_officer("org_admin", "xincheng"))
    city = client.get("/api/v1/admin/audit?action=test.", headers=login_officer("city_admin", "city"))
    assert [e["action"] for e in district.get_json()["items"]] == ["test.here"]
    assert {e["action"] for e in city.get_json()["items"]} == {"test.here", "test.there"}


def test_audit_page_is_scoped(app, web_login, orgs):
    from app.audit.services import record_audit

    with app.app_context():
        record_audit("test.here", org_id=orgs["riders"], target_type="x")
        record_audit("test.there", org_id=orgs["builders"], target_type="x")
        db.session.commit()
    district = web_login("org_admin", org="xincheng").get("/admin/audit").get_data(as_text=True)
    assert "test.here" in district and "test.there" not in district
    city = web_login().get("/admin/audit?action=test.").get_data(as_text=True)
    assert "test.here" in city and "test.there" in city


def _sheet(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    title, *rows = load_workbook(BytesIO(response.data)).active.iter_rows(values_only=True)
    assert "导出时间" in title[0]  # the title row: what the rows cover and when
    return rows


def test_export_holds_the_filtered_rows_with_masked_ids(app, web_login, arrange_application):
    arrange_application("riders", name="外卖甲", occupation="food_delivery", id_number=factories.ID_NUMBERS[1])
    arrange_application("couriers", name="快递乙", occupation="courier", id_number=factories.ID_NUMBERS[2])
    arrange_application("builders", name="外区丙", occupation="courier", id_number=factories.ID_NUMBERS[3])
    officer = web_login("org_admin", org="xincheng")

    rows = _sheet(post_form(officer, "/admin/applications/export.xlsx", {"status": "pending", "occupation": "courier"}))

    assert rows[0][:3] == ("编号", "姓名", "身份证号")
    assert [r[1] for r in rows[1:]] == ["快递乙"]
    assert rows[1][2] == factories.ID_NUMBERS[2][:6] + "********" + factories.ID_NUMBERS[2][-4:]
    assert rows[1][3].count("*") == 4


FULL_EXPORT = {"full_ids": "1", "full_ids_reason": "市人社局核对名单", "full_ids_confirm": "1"}


def test_full_id_export_is_for_city_admins_and_audited(app, web_login, arrange_application):
    arrange_application("riders", id_number=factories.ID_NUMBERS[5])
    refused = post_form(web_login("org_admin", org="xincheng"), "/admin/applications/export.xlsx", {"full_ids": "1"})
    assert refused.status_code == 403

    admin = web_login()
    rows = _sheet(post_form(admin, "/admin/applications/export.xlsx", FULL_EXPORT))

    assert rows[1][2] == factories.ID_NUMBERS[5]
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "personal_data.export.full_id"))
        assert entry.actor_officer_id == admin.officer_id and entry.details["rows"] == 1
        assert entry.to_state == "applications"


def test_members_export(app, web_login, orgs):
    from tests.factories import make_user
    from tests.membership.helpers import make_member

    with app.app_context():
        user_id = make_user("m").id
        db.session.commit()
    _, member_no = make_member(app, user_id, orgs["riders"], id_number=factories.ID_NUMBERS[6])
    rows = _sheet(post_form(web_login("org_admin", org="xincheng"), "/admin/members/export.xlsx"))
    assert rows[1][0] == member_no and factories.ID_NUMBERS[6] not in rows[1]


def test_csrf_is_checked_on_exports(web_login):
    officer = web_login()
    assert officer.post("/admin/applications/export.xlsx", data={"full_ids": "1"}).status_code == 400


def _export_form_fields(html, action):
    """The hidden inputs of the page's export form, exactly as the browser would post them."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', html, re.S).group(0)
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_the_export_posts_exactly_the_filters_on_screen(app, web_login, arrange_application, orgs):
    """The export form is built from the page's filters, 全部 (an empty status) included."""
    from app.membership import services as membership

    arrange_application("riders", name="待审甲", occupation="courier", id_number=factories.ID_NUMBERS[1])
    done = arrange_application("riders", name="已过乙", occupation="courier", id_number=factories.ID_NUMBERS[2])
    arrange_application("couriers", name="待审丙", occupation="food_delivery", id_number=factories.ID_NUMBERS[3])
    with app.app_context():
        membership.approve_application(factories.make_officer("approver", "city_admin", orgs["city"]), done)
        db.session.commit()
    admin = web_login()

    expected = {"": 2, "?status=": 3, "?status=&occupation=courier": 2, "?status=approved": 1, "?q=乙&status=": 1}
    for query, count in expected.items():
        page = admin.get(f"/admin/applications{query}").get_data(as_text=True)
        on_screen = re.findall(r'<a href="/admin/applications/\d+">([^<]+)</a>', page)
        rows = _sheet(admin.post("/admin/applications/export.xlsx",
                                 data=_export_form_fields(page, "/admin/applications/export.xlsx")))
        assert len(on_screen) == count and [r[1] for r in rows[1:]] == on_screen, query


def test_audit_page_speaks_chinese(app, web_login, arrange_application):
    application_id = arrange_application("riders", id_number=factories.ID_NUMBERS[1])
    officer = web_login("org_admin", org="xincheng")
    post_form(officer, f"/admin/applications/{application_id}/reveal", {"reason": "核对身份"})
    post_form(officer, f"/admin/applications/{application_id}/approve")

    page = officer.get("/admin/audit").get_data(as_text=True)
    cells = " ".join(re.findall(r"<td[^>]*>(.*?)</td>", page, re.S))
    assert "通过入会申请" in cells and "查看完整身份证号" in cells and "提交入会申请" in cells
    assert "入会申请 #" in cells and "待审核 → 已通过" in cells
    assert not re.search(r"[a-z]+\.[a-z_.]+|MembershipApplication|pending|approved", cells)
    only_reveals = officer.get("/admin/audit?action=personal_data").get_data(as_text=True)
    assert "查看完整身份证号" in only_reveals and "通过入会申请" not in only_reveals
    assert '<option value="personal_data" selected>个人信息查看与导出</option>' in only_reveals


def test_every_audited_action_has_a_chinese_label():
    """Actions written as literals anywhere in app/ must be labelled, or the audit log shows English."""
    from pathlib import Path

    from app.labels import all_labels

    root = Path(__file__).resolve().parents[2] / "app"
    written = {m for path in root.rglob("*.py")
               for m in re.findall(r'(?:record_audit\(\s*|action=)"([a-z_.]+)"', path.read_text(encoding="utf-8"))}
    written |= {f"membership.transfer.{s}" for s in ("approved", "rejected")}
    written |= {f"legal_aid.booking.{a}" for a in ("checked_in", "no_show", "outcome_recorded")}
    written |= {"officer.disabled", "station.closed"}  # the other arm of a conditional
    assert len(written) > 20 and written <= set(all_labels()["audit_action"])
