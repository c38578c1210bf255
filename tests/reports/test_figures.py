"""The federation's figures for a year and a subtree: exact numbers from a known arrangement, the
same through GET /api/v1/admin/stats, the 统计报表 page and its workbook."""
import re
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.extensions import db
from tests.conftest import assert_error
from tests.reports.arrange import arrange_federation

STATS = "/api/v1/admin/stats"


@pytest.fixture
def federation(app, orgs):
    with app.app_context():
        ids = arrange_federation(orgs)
        db.session.commit()
    return ids


def _stats(client, headers, query):
    response = client.get(f"{STATS}?{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_city_year_in_figures(client, federation, login_officer):
    body = _stats(client, login_officer(), "year=2026")

    assert body["period"] == {"kind": "year", "kind_label": "本年", "from": "2026-01-01", "to": "2026-12-31",
                              "label": "2026年1月1日至2026年12月31日"}
    assert _stats(client, login_officer(), "year=2025")["period"]["kind_label"] == "2025年"  # not 本年
    unions = body["unions"]
    assert unions["total"] == 8
    assert {r["kind"]: r["count"] for r in unions["by_kind"]} == {"city": 1, "district": 2, "federation": 2,
                                                                 "grassroots": 3}
    assert {r["subkind"]: r["count"] for r in unions["by_subkind"] if r["count"]} == {"joint": 1, "enterprise": 1,
                                                                                     "project": 1}
    m = body["membership"]
    assert (m["members_total"], m["migrant_members"], m["new_members"], m["new_migrant_members"]) == (4, 3, 4, 2)
    e = body["enrollment"]
    assert (e["enrollment_points"], e["point_applications"], e["point_members"], e["applications_per_point"]) == (
        2, 3, 2, "1.50")
    assert [(p["name"], p["applications"], p["members"]) for p in e["top_points"]] == [("美团站点A", 2, 1),
                                                                                       ("地铁工地B", 1, 1)]
    la = body["legal_aid"]
    assert (la["cases"], la["workers_involved"], la["amount_recovered"]) == (3, 16, "205200.50")
    assert [(r["case_type"], r["outcome"], r["cases"], r["amount_recovered"]) for r in la["by_case_type_and_outcome"]] == [
        ("wage_arrears", "mediated", 2, "151000.50"), ("work_injury", "litigation_supported", 1, "54200.00")]
    assert body["campaigns_period"] == {"campaigns": 1, "stations": 2, "signed_up": 4, "packs_handed_out": 3}
    trends = body["trends"]
    assert trends["months"][0] == "2026-01" and len(trends["months"]) == 12 and len(trends["days"]) == 365
    by_district = {row["name"]: row["counts"] for row in trends["new_members_by_district"]}
    assert by_district == {"新城区总工会": [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
                           "赛罕区总工会": [0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]}
    by_occupation = {row["occupation"]: sum(row["counts"]) for row in trends["new_members_by_occupation"]}
    assert by_occupation == {"food_delivery": 2, "courier": 1, "truck_driver": 1}
    assert trends["legal_aid_cases"] == [0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]
    pickups = dict(zip(trends["days"], trends["pickups"], strict=True))
    assert (pickups["2026-07-14"], pickups["2026-07-15"], sum(trends["pickups"])) == (1, 2, 3)


def test_a_subtree_the_same_whether_chosen_or_the_officers_own(client, orgs, federation, login_officer):
    chosen = _stats(client, login_officer(), f"year=2026&org_id={orgs['xincheng']}")
    own = _stats(client, login_officer("org_admin", "xincheng"), "year=2026")

    for body in (chosen, own):
        assert body["org"] == {"id": orgs["xincheng"], "name": "新城区总工会"}
        assert body["unions"]["total"] == 4
        m = body["membership"]
        assert (m["members_total"], m["migrant_members"], m["new_members"], m["new_migrant_members"]) == (3, 2, 2, 1)
        e = body["enrollment"]
        assert (e["enrollment_points"], e["point_applications"], e["point_members"], e["applications_per_point"]) == (
            1, 2, 1, "2.00")
        la = body["legal_aid"]
        assert (la["cases"], la["workers_involved"], la["amount_recovered"]) == (2, 13, "204200.00")
        assert body["campaigns_period"] == {"campaigns": 1, "stations": 1, "signed_up": 3, "packs_handed_out": 2}
    assert ({k: v for k, v in chosen.items() if k not in ("campaigns", "counted_at")}
            == {k: v for k, v in own.items() if k not in ("campaigns", "counted_at")})


def test_other_periods(client, federation, login_officer):
    admin = login_officer()
    last_year = _stats(client, admin, "year=2025")
    assert (last_year["membership"]["new_members"], last_year["legal_aid"]["cases"]) == (1, 1)
    assert last_year["campaigns_period"] == {"campaigns": 1, "stations": 1, "signed_up": 0, "packs_handed_out": 0}
    month = _stats(client, admin, "period=month")  # the clock stands on 2026-07-15
    assert (month["period"]["from"], month["period"]["to"]) == ("2026-07-01", "2026-07-15")
    assert (month["membership"]["new_members"], month["enrollment"]["point_applications"]) == (2, 2)
    twelve = _stats(client, admin, "period=12m")
    assert (twelve["period"]["from"], twelve["trends"]["months"][0], len(twelve["trends"]["months"])) == (
        "2025-08-01", "2025-08", 12)
    assert twelve["membership"]["new_members"] == 5 and twelve["legal_aid"]["cases"] == 4
    custom = _stats(client, admin, "from=2026-06-20&to=2026-06-20")
    assert (custom["period"]["kind"], custom["legal_aid"]["cases"], custom["trends"]["days"]) == (
        "custom", 1, ["2026-06-20"])


def test_refusals(client, orgs, federation, login_officer):
    district = login_officer("org_admin", "xincheng")
    assert_error(client.get(f"{STATS}?org_id={orgs['saihan']}", headers=district), 404, "org_not_found")
    assert_error(client.get(f"{STATS}?from=2026-05-01&to=2026-04-01", headers=district), 422)
    assert_error(client.get(f"{STATS}?from=2010-01-01&to=2026-01-01", headers=district), 422)
    assert_error(client.get(f"{STATS}?period=decade", headers=district), 422)
    assert_error(client.get(STATS, headers=login_officer("lawyer", "xincheng")), 403)


def _summary(html):
    """{指标: 数值 text} of the report page's summary table."""
    table = re.search(r'<table class="figures" id="report-summary">(.*?)</table>', html, re.S).group(1)
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td class="n">([^<]+)</td>', table))


def _number(text):
    return Decimal(text.replace(",", ""))


def test_the_report_page_and_workbook_equal_the_stats(app, client, orgs, federation, login_officer, web_login):
    for role, org, query in (("city_admin", "city", "year=2026"),
                             ("city_admin", "city", f"year=2026&org_id={orgs['xincheng']}"),
                             ("org_admin", "saihan", "date_from=2026-06-01&date_to=2026-07-31")):
        api = _stats(client, login_officer(role, org), query.replace("date_from", "from").replace("date_to", "to"))
        officer = web_login(role, org=org)
        page = officer.get(f"/admin/reports?{query}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        shown = {k: _number(v) for k, v in _summary(html).items()}
        expected = {"工会组织（在用）": api["unions"]["total"], "在册会员（当前）": api["membership"]["members_total"],
                    "其中农民工会员": api["membership"]["migrant_members"],
                    "期间新入会会员": api["membership"]["new_members"],
                    "扫码入会点": api["enrollment"]["enrollment_points"],
                    "每个入会点的申请数": Decimal(api["enrollment"]["applications_per_point"]),
                    "法律援助案件（起）": api["legal_aid"]["cases"],
                    "涉及职工（人次）": api["legal_aid"]["workers_involved"],
                    "为职工挽回经济损失（元）": Decimal(api["legal_aid"]["amount_recovered"]),
                    "发放清凉包（份）": api["campaigns_period"]["packs_handed_out"]}
        assert {k: shown[k] for k in expected} == expected, query
        assert api["period"]["label"] in html and api["org"]["name"] in html

        workbook = officer.get(f"/admin/reports/report.xlsx?{query}")
        assert workbook.status_code == 200 and workbook.mimetype.endswith("spreadsheetml.sheet")
        book = load_workbook(BytesIO(workbook.data))
        summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=3, values_only=True)}
        assert {k: Decimal(str(summary[k])) for k in expected} == expected, query


def test_the_workbook_cells_are_typed(client, federation, web_login):
    response = web_login().get("/admin/reports/report.xlsx?year=2026")
    book = load_workbook(BytesIO(response.data))

    assert book.sheetnames == ["概况", "工会组织", "法律援助", "扫码入会点"]
    for sheet in book.worksheets:
        assert sheet["A1"].value.startswith("统计报表 · 测试市总工会 · 2026年1月1日至2026年12月31日 · 导出时间 2026-07-15")
        assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
        assert sheet.column_dimensions["A"].width >= 8
    summary = {row[0].value: row[1] for row in book["概况"].iter_rows(min_row=3)}
    assert summary["在册会员（当前）"].data_type == "n" and summary["在册会员（当前）"].value == 4
    money = summary["为职工挽回经济损失（元）"]
    assert money.data_type == "n" and money.value == pytest.approx(205200.50) and money.number_format == "#,##0.00"
    cases = list(book["法律援助"].iter_rows(min_row=3, values_only=True))
    assert cases[0] == ("拖欠工资", "调解结案", 2, 15, pytest.approx(151000.50))
    assert book["法律援助"]["E3"].number_format == "#,##0.00"
    assert list(book["扫码入会点"].iter_rows(min_row=3, values_only=True)) == [("美团站点A", "美团外卖骑手联合工会", 2, 1),
                                                                             ("地铁工地B", "地铁2号线项目工会", 1, 1)]


def test_the_report_is_for_the_office(web_login, federation):
    assert web_login("lawyer", org="xincheng").get("/admin/reports").status_code == 404
    page = web_login("org_admin", org="xincheng").get("/admin/reports?date_from=2026-05-01&date_to=2026-04-01")
    assert page.status_code == 200 and "结束日期不能早于开始日期" in page.get_data(as_text=True)


def test_an_approved_migrant_worker_counts_as_a_migrant_worker_member(app, client, arrange_application,
                                                                       login_officer):
    from app.membership.models import Member

    migrant = arrange_application("riders", is_migrant_worker=True)
    local = arrange_application("couriers", is_migrant_worker=False, id_number="150104198507150025")
    admin = login_officer()
    for application_id in (migrant, local):
        approved = client.post(f"/api/v1/admin/membership/applications/{application_id}/approve", headers=admin)
        assert approved.status_code == 200, approved.get_json()

    body = _stats(client, admin, "period=month")
    assert (body["membership"]["members_total"], body["membership"]["migrant_members"]) == (2, 1)
    assert (body["membership"]["new_members"], body["membership"]["new_migrant_members"]) == (2, 1)
    with app.app_context():
        assert sorted(db.session.scalars(db.select(Member.is_migrant_worker))) == [False, True]
