"""The audit trail an inspector can use: records named and linked, filters, an .xlsx export."""
from datetime import timedelta
from io import BytesIO

import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.audit.services import record_audit
from app.extensions import db
from app.timeutil import local_now, utcnow
from tests.admin.conftest import post_form
from tests.statements import counted_statements


def _arrange(app, web_login, arrange_application):
    first = arrange_application("riders", name="甲申请人")
    second = arrange_application("riders", name="乙申请人")
    alice, bob = web_login("org_admin", "xincheng"), web_login("org_admin", "xincheng")
    post_form(alice, f"/admin/applications/{first}/approve")
    post_form(bob, f"/admin/applications/{second}/reject", {"reason": "材料不全"})
    with app.app_context():
        # An old entry (last month); the two sign-ins above were audited by the auth domain itself.
        first_entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.org_id.is_not(None))
                                        .order_by(AuditEntry.id).limit(1))
        old = record_audit("membership.application.approved", target_type="MembershipApplication",
                           target_id=second, org_id=first_entry.org_id)
        old.at = utcnow() - timedelta(days=40)
        db.session.commit()
    return first, second, alice, bob


def _rows(html):
    return html.split('<table class="list" id="audit">')[1].split("</table>")[0].count("<tr>") - 1


def test_filters_by_officer_record_date_and_action(app, web_login, arrange_application):
    first, second, alice, bob = _arrange(app, web_login, arrange_application)
    today = local_now().date().isoformat()

    by_officer = alice.get(f"/admin/audit?officer_id={bob.officer_id}").get_data(as_text=True)
    assert "退回入会申请" in by_officer and "通过入会申请" not in by_officer
    by_record = alice.get(f"/admin/audit?target_type=MembershipApplication&target_id={first}").get_data(as_text=True)
    assert f'<a href="/admin/applications/{first}" class="target">甲申请人</a>' in by_record
    assert "乙申请人" not in by_record
    by_date = alice.get(f"/admin/audit?target_type=MembershipApplication&target_id={second}"
                        f"&date_from={today}&date_to={today}").get_data(as_text=True)
    assert _rows(by_date) == 2  # submitted and rejected today; last month's entry left out
    sign_ins = alice.get("/admin/audit?action=officer.login").get_data(as_text=True)
    assert _rows(sign_ins) == 2  # alice and bob signing in


def test_api_filters_match_the_page(app, client, orgs, login_officer, web_login, arrange_application):
    first, second, alice, _ = _arrange(app, web_login, arrange_application)
    headers = login_officer("org_admin", "xincheng")
    today = local_now().date().isoformat()

    body = client.get(f"/api/v1/admin/audit?target_type=MembershipApplication&target_id={second}"
                      f"&from={today}&to={today}", headers=headers).get_json()

    assert sorted(e["action"] for e in body["items"]) == ["membership.application.rejected",
                                                          "membership.application.submitted"]
    by_officer = client.get(f"/api/v1/admin/audit?officer_id={alice.officer_id}&action=membership",
                            headers=headers).get_json()
    assert [e["target_id"] for e in by_officer["items"]] == [first]


def test_export_to_xlsx_follows_the_filters_and_is_audited(app, web_login, arrange_application):
    _, second, alice, _ = _arrange(app, web_login, arrange_application)

    response = post_form(alice, "/admin/audit/export.xlsx", {"target_id": str(second), "action": "membership"})

    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    title, *rows = sheet.iter_rows(values_only=True)
    assert title[0].startswith(f"审计日志 · 范围：新城区总工会 · 筛选 操作：membership、对象编号：{second} · 导出时间")
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert sorted(r[2] for r in rows[1:]) == sorted(["提交入会申请", "通过入会申请", "退回入会申请"])
    assert all(r[6] == "乙申请人" for r in rows[1:])
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "audit.log.exported"))
        assert entry.details["rows"] == 3 and entry.actor_officer_id == alice.officer_id


def test_an_edit_reads_old_and_new_values_in_chinese_on_the_page_and_in_the_export(app, web_login,
                                                                                  arrange_application):
    _, second, alice, _ = _arrange(app, web_login, arrange_application)

    page = alice.get(f"/admin/audit?target_type=MembershipApplication&target_id={second}&action=membership.application.rejected")

    assert _rows(page.get_data(as_text=True)) == 1
    assert '<small class="change">状态：待审核 → 已退回</small>' in page.get_data(as_text=True)
    export = post_form(alice, "/admin/audit/export.xlsx", {"target_id": str(second),
                                                           "action": "membership.application.rejected"})
    rows = list(load_workbook(BytesIO(export.data)).active.iter_rows(values_only=True))[1:]  # under the title row
    assert rows[0][9] == "变更内容"
    assert [r[9] for r in rows[1:]] == ["状态：待审核 → 已退回"]


def _statements_for(app, client, url):
    with counted_statements(app) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_log_page_loads_in_a_constant_number_of_statements(app, web_login, arrange_application):
    from tests.factories import id_number

    admin = web_login()
    serial = iter(range(1, 100))

    def arrange(n):
        for _ in range(n):
            application_id = arrange_application("riders", id_number=id_number(f"15010219900101{next(serial):03d}"))
            post_form(admin, f"/admin/applications/{application_id}/approve")

    arrange(2)
    few = _statements_for(app, admin, "/admin/audit")
    arrange(8)
    many = _statements_for(app, admin, "/admin/audit")

    assert few == many
