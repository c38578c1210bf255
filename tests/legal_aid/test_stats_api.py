"""The published figures: cases, workers involved, money recovered, inside the officer's subtree."""
from datetime import timedelta
from decimal import Decimal

from app.auth.models import Officer
from app.extensions import db
from app.legal_aid.stats import list_cases, summary_text
from tests.conftest import assert_error
from tests.legal_aid.conftest import ADMIN, day_in


def closed_case(client, headers, make_session, book, move_to_past, org, worker, case_type, outcome, amount,
                workers, *, days_ago=3):
    session = make_session(org, days=1, slots=(("14:00", 20, 1, None),))
    booking_id = book(session["slots"][0], worker, case_type=case_type).get_json()["id"]
    move_to_past(session["id"], days=days_ago + 1)
    body = {"outcome": outcome, "workers_involved": workers}
    if amount is not None:
        body["amount_recovered"] = amount
    response = client.post(f"{ADMIN}/bookings/{booking_id}/outcome", json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    return booking_id


def arrange(client, login_officer, make_session, book, move_to_past):
    admin = login_officer()
    case = lambda *args, **kw: closed_case(client, admin, make_session, book, move_to_past, *args, **kw)  # noqa: E731
    case("xincheng", "alice", "wage_arrears", "mediated", "150000.00", 12)
    case("xincheng", "bob", "work_injury", "litigation_supported", "54200.00", 1)
    case("riders", "carol", "labor_contract", "consulted", None, 2)
    case("saihan", "dave", "wage_arrears", "mediated", "1000.50", 3)
    case("xincheng", "erin", "wage_arrears", "mediated", "99999.00", 9, days_ago=60)  # outside the period
    open_session = make_session("xincheng", days=2)
    book(open_session["slots"][0], "frank")  # no outcome yet: not a case
    return admin


def stats(client, headers, query=""):
    frm = (day_in(0) - timedelta(days=30)).isoformat()
    response = client.get(f"{ADMIN}/stats?from={frm}&to={day_in(0).isoformat()}{query}", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_city_figures_and_the_published_sentence(client, login_officer, make_session, book, move_to_past):
    admin = arrange(client, login_officer, make_session, book, move_to_past)

    body = stats(client, admin)

    assert (body["cases"], body["workers_involved"], body["amount_recovered"]) == (4, 18, "205200.50")
    assert body["summary_text"] == "办理法律咨询、协调案件4起，涉及职工18人次，为职工挽回经济损失20.52万元"
    wage = next(row for row in body["by_case_type"] if row["case_type"] == "wage_arrears")
    assert (wage["cases"], wage["workers_involved"], wage["amount_recovered"], wage["label"]) == (
        2, 15, "151000.50", "拖欠工资")
    mediated = next(row for row in body["by_outcome"] if row["outcome"] == "mediated")
    assert (mediated["cases"], mediated["amount_recovered"]) == (2, "151000.50")
    withdrawn = next(row for row in body["by_outcome"] if row["outcome"] == "withdrawn")
    assert (withdrawn["cases"], withdrawn["amount_recovered"]) == (0, "0.00")
    this_year = client.get(f"{ADMIN}/stats", headers=admin).get_json()
    assert (this_year["from"], this_year["to"]) == (f"{day_in(0).year}-01-01", day_in(0).isoformat())


def test_district_officer_sees_only_the_subtree(client, orgs, login_officer, make_session, book, move_to_past):
    arrange(client, login_officer, make_session, book, move_to_past)
    district = login_officer("org_admin", "xincheng")

    body = stats(client, district)

    assert (body["cases"], body["workers_involved"], body["amount_recovered"]) == (3, 15, "204200.00")
    assert body["summary_text"].endswith("为职工挽回经济损失20.42万元")
    riders = stats(client, district, f"&org_id={orgs['riders']}")
    assert (riders["cases"], riders["amount_recovered"], riders["org_id"]) == (1, "0.00", orgs["riders"])
    assert_error(client.get(f"{ADMIN}/stats?org_id={orgs['saihan']}", headers=district), 404, "org_not_found")


def test_list_cases_for_the_export(app, client, orgs, login_officer, make_session, book, move_to_past):
    arrange(client, login_officer, make_session, book, move_to_past)
    with app.app_context():
        officer = db.session.query(Officer).filter_by(role="city_admin").first()
        rows = list_cases(officer, day_in(0) - timedelta(days=30), day_in(0), orgs["xincheng"])
    assert [(r["case_type"], r["outcome"], r["amount_recovered"]) for r in rows] == [
        ("wage_arrears", "mediated", "150000.00"), ("work_injury", "litigation_supported", "54200.00"),
        ("labor_contract", "consulted", "0.00")]
    assert rows[0]["org_name"] == "新城区总工会" and rows[0]["outcome_label"] == "调解结案"


def test_summary_rounds_to_two_decimals_of_ten_thousand():
    assert summary_text(294, 629, Decimal("204200.00")) == (
        "办理法律咨询、协调案件294起，涉及职工629人次，为职工挽回经济损失20.42万元")
    assert summary_text(0, 0, Decimal("0")).endswith("0.00万元")
    assert summary_text(1, 1, Decimal("12345.00")).endswith("1.23万元")
    assert summary_text(1, 1, Decimal("12350.00")).endswith("1.24万元")
