"""Excel officers can use: real number and date cells with formats, widths, autofilter, frozen header;
the members export's personal details; money on the screen as ¥326,700.00."""
from datetime import date, datetime, time
from io import BytesIO

from openpyxl import load_workbook

from tests import factories
from tests.admin.conftest import post_form
from tests.admin.test_members import _member
from tests.legal_aid.conftest import day_in


def _book(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return load_workbook(BytesIO(response.data)).active


def test_members_export_has_dates_widths_filter_and_personal_details(app, web_login, orgs):
    _member(app, orgs, id_number=factories.ID_NUMBERS[1], name="王建国")
    officer = web_login("org_admin", org="xincheng")

    sheet = _book(post_form(officer, "/admin/members/export.xlsx", {}))
    assert sheet["A1"].value.startswith("会员 · 范围：新城区总工会 · 导出时间 ")
    header = [c.value for c in sheet[2]]
    row = dict(zip(header, sheet[3], strict=True))

    assert header[-6:] == ["民族", "出生日期", "学历", "政治面貌", "户籍类型", "农民工"]
    assert isinstance(row["入会时间"].value, datetime) and row["入会时间"].number_format == "yyyy-mm-dd hh:mm"
    assert row["出生日期"].value.date() == date(int(factories.ID_NUMBERS[1][6:10]), int(factories.ID_NUMBERS[1][10:12]),
                                                int(factories.ID_NUMBERS[1][12:14]))
    assert row["出生日期"].number_format == "yyyy-mm-dd"
    assert row["农民工"].value in ("是", "否") and row["民族"].value is not None
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:P{sheet.max_row}"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["E"].width >= 6


def test_cases_export_amount_is_a_number_and_the_screen_shows_yuan(app, web_login, make_session, book,
                                                                  move_to_past, at_the_desk):
    session = make_session("xincheng", days=0)
    booking_id = book(session["slots"][0]).get_json()["id"]
    at_the_desk()
    officer = web_login("org_admin", org="xincheng")
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/check_in")
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/outcome",
              {"outcome": "mediated", "amount_recovered": "326700", "workers_involved": "3"})

    roster = officer.get(f"/admin/legal-aid/sessions/{session['id']}").get_data(as_text=True)
    assert "¥326,700.00" in roster
    move_to_past(session["id"])
    sheet = _book(post_form(officer, "/admin/legal-aid/cases/export.xlsx", {"from_date": day_in(-30).isoformat()}))

    assert sheet["A1"].value.startswith("法律援助案件 · 范围：新城区总工会 · 筛选 起：")
    amount, day = sheet.cell(3, 9), sheet.cell(3, 2)
    assert amount.value == 326700 and amount.data_type == "n" and amount.number_format == "#,##0.00"
    assert isinstance(day.value, datetime) and day.number_format == "yyyy-mm-dd"
    clock = sheet.cell(3, 3)  # 时段: a time of day Excel can sort, not the text "14:00"
    assert clock.value == time(14, 0) and clock.data_type == "d" and clock.number_format == "hh:mm"
    assert sheet.auto_filter.ref == "A2:J3"
    dashboard = web_login().get("/admin/").get_data(as_text=True)
    assert "<strong>¥326,700.00</strong><span>挽回经济损失</span>" in dashboard
