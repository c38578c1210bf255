"""Finding members at volume: by full ID number (blind index, any width), member number prefix; sorting."""
import re

from tests import factories
from tests.admin.test_members import _member


def _row_ids(response):
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', response.get_data(as_text=True))]


def _full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def test_a_member_is_found_by_full_id_number_in_any_width(app, web_login, orgs):
    wang, _, _ = _member(app, orgs, id_number=factories.ID_NUMBERS[1], name="王建国")
    zhao, _, _ = _member(app, orgs, id_number=factories.ID_NUMBERS[2], name="赵工人")
    officer = web_login("org_admin", org="xincheng")

    assert _row_ids(officer.get("/admin/members", query_string={"q": factories.ID_NUMBERS[2]})) == [zhao]
    spelled = _full_width(factories.ID_NUMBERS[1].lower())
    assert _row_ids(officer.get("/admin/members", query_string={"q": f" {spelled} "})) == [wang]
    # Part of an ID number finds nothing: only the whole number is indexed.
    assert _row_ids(officer.get("/admin/members", query_string={"q": factories.ID_NUMBERS[1][:10]})) == []


def test_a_member_is_found_by_the_start_of_the_member_number(app, web_login, orgs):
    first, first_no, _ = _member(app, orgs, id_number=factories.ID_NUMBERS[1], name="王建国")
    second, second_no, _ = _member(app, orgs, id_number=factories.ID_NUMBERS[2], name="赵工人")
    officer = web_login("org_admin", org="xincheng")

    assert set(_row_ids(officer.get("/admin/members", query_string={"q": first_no[:6].lower()}))) == {first, second}
    assert _row_ids(officer.get("/admin/members", query_string={"q": second_no[:-1]})) == [second]
    assert _row_ids(officer.get("/admin/members", query_string={"q": first_no})) == [first]


def test_members_sort_by_number_and_name(app, web_login, orgs):
    first, _, _ = _member(app, orgs, id_number=factories.ID_NUMBERS[1], name="王建国")
    second, _, _ = _member(app, orgs, id_number=factories.ID_NUMBERS[2], name="阿强")
    officer = web_login("org_admin", org="xincheng")

    assert _row_ids(officer.get("/admin/members?sort=member_no")) == [first, second]
    assert _row_ids(officer.get("/admin/members?sort=-member_no")) == [second, first]
    by_name = officer.get("/admin/members?sort=name")
    assert _row_ids(by_name) == sorted([first, second], key={first: "王建国", second: "阿强"}.get)
    assert "会员号 ▲" not in by_name.get_data(as_text=True) and "姓名 ▲" in by_name.get_data(as_text=True)
