"""The queue at volume: oldest first, page sizes, days waited, batch reject; transfers seen by both unions."""
import re
from datetime import timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.models import MembershipApplication
from tests import factories
from tests.admin.conftest import post_form
from tests.conftest import assert_error
from tests.statements import counted_statements


def _row_ids(response):
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)"', response.get_data(as_text=True))]


def _age(app, application_id, days):
    with app.app_context():
        application = db.session.get(MembershipApplication, application_id)
        application.submitted_at = application.submitted_at - timedelta(days=days)
        db.session.commit()


def test_oldest_waiting_first_with_days_waited_and_the_overdue_highlighted(app, web_login, arrange_application):
    newest = arrange_application("riders", name="新来的", id_number=factories.ID_NUMBERS[1])
    oldest = arrange_application("riders", name="等最久", id_number=factories.ID_NUMBERS[2])
    middle = arrange_application("riders", name="等三天", id_number=factories.ID_NUMBERS[3])
    _age(app, oldest, 20)
    _age(app, middle, 3)
    officer = web_login("org_admin", org="xincheng")

    page = officer.get("/admin/applications")
    html = page.get_data(as_text=True)

    assert _row_ids(page) == [oldest, middle, newest]
    assert "已等待 3 天" in html and "已等待 0 天" in html
    assert '<span class="waited badge rejected">已等待 20 天</span>' in html
    assert '<span class="waited">已等待 3 天</span>' in html
    assert _row_ids(officer.get("/admin/applications?sort=-submitted_at")) == [newest, middle, oldest]


def test_page_size_is_a_choice_of_20_50_100(web_login, arrange_application):
    for n in range(3):
        arrange_application("riders", id_number=factories.ID_NUMBERS[n + 1])
    officer = web_login("org_admin", org="xincheng")

    html = officer.get("/admin/applications?per_page=50").get_data(as_text=True)

    assert re.search(r'<option value="50" selected>50</option>', html)
    assert all(f'<option value="{n}"' in html for n in (20, 50, 100))


def test_batch_reject_with_one_reason(app, web_login, arrange_application):
    first = arrange_application("riders", id_number=factories.ID_NUMBERS[1])
    second = arrange_application("couriers", id_number=factories.ID_NUMBERS[2])
    untouched = arrange_application("riders", id_number=factories.ID_NUMBERS[3])
    elsewhere = arrange_application("builders", name="外区人", id_number=factories.ID_NUMBERS[4])
    officer = web_login("org_admin", org="xincheng")

    refused = post_form(officer, "/admin/applications/reject", {"ids": [str(first)], "reason": ""},
                        follow_redirects=True).get_data(as_text=True)
    assert "请填写退回原因" in refused
    response = post_form(officer, "/admin/applications/reject",
                         {"ids": [str(first), str(second), str(elsewhere)], "reason": "材料不全，请补充劳动合同"},
                         follow_redirects=True).get_data(as_text=True)

    assert "已批量退回 2 份申请，1 份未退回（原因见下）" in response
    assert f"申请 #{elsewhere} 未退回：未找到该入会申请" in response
    with app.app_context():
        rows = {a.id: a for a in db.session.scalars(sa.select(MembershipApplication))}
        assert [rows[i].status for i in (first, second, untouched, elsewhere)] == [
            "rejected", "rejected", "pending", "pending"]
        assert rows[first].reject_reason == rows[second].reject_reason == "材料不全，请补充劳动合同"
        audited = db.session.scalars(sa.select(AuditEntry.target_id).where(
            AuditEntry.action == "membership.application.rejected")).all()
        assert sorted(int(t) for t in audited) == sorted([first, second])


def test_a_transfer_leaving_a_union_is_listed_there_as_outgoing(app, web_login, orgs):
    from app.auth.models import User
    from app.membership import services as membership
    from tests.admin.test_members import _member

    _, _, user_id = _member(app, orgs, "riders")
    with app.app_context():
        transfer = membership.request_transfer(db.session.get(User, user_id), orgs["builders"], "换了工地")
        db.session.commit()
        transfer_id = transfer.id

    leaving = web_login("org_admin", org="xincheng").get("/admin/transfers?direction=outgoing").get_data(as_text=True)
    receiving = web_login("org_admin", org="saihan").get("/admin/transfers?direction=all").get_data(as_text=True)

    assert "换了工地" in leaving and '<span class="badge">转出</span>' in leaving
    assert f"/admin/transfers/{transfer_id}/decide" not in leaving
    assert f"/admin/transfers/{transfer_id}/decide" in receiving and '<span class="badge">转入</span>' in receiving


def test_every_page_of_every_order_holds_the_rows_of_one_full_listing(app, orgs, arrange_application):
    """Pages past the first find their ids first and read the rows after (a deferred join): they must
    hold exactly the rows and order one full listing has, and the totals must be right without a count
    whenever the page itself tells (a short last page; a page past the cap)."""
    from app.membership import services as membership

    ids = [arrange_application(org, name=name, id_number=factories.ID_NUMBERS[n])
           for n, (org, name) in enumerate([("riders", "张丙"), ("couriers", "张甲"), ("riders", "张乙"), ("riders", "张甲"),
                                            ("couriers", "张丁"), ("riders", "张乙")], start=1)]
    for n, application_id in enumerate(ids):
        _age(app, application_id, n % 3)  # ties in submitted_at and in name: the id breaks them
    with app.app_context():
        officer = factories.make_officer_fast("pager", "org_admin", orgs["xincheng"])
        for sort in ("submitted_at", "-submitted_at", "name", "-name"):
            whole = membership.list_applications(officer, status="pending", sort=sort, per_page=100)
            assert sorted(a.id for a in whole["items"]) == sorted(ids)
            for per_page, rows in ((1, False), (4, False), (5, False), (1, True), (4, True)):
                paged = []
                for page in range(1, 8):
                    with counted_statements(app) as seen:
                        result = membership.list_applications(officer, status="pending", sort=sort, page=page,
                                                              per_page=per_page, count_cap=5, rows=rows)
                    paged += [a.id for a in result["items"]]
                    counted = any("count(" in s.lower() for s in seen)
                    shown = (page - 1) * per_page + len(result["items"])
                    assert (result["total"], result["total_capped"]) == (5, True), (sort, per_page, page)
                    # A page past the cap proves more rows, a short page ends the list: no count statement.
                    told = bool(result["items"]) and (shown > 5 or len(result["items"]) < per_page)
                    assert counted is not told, (sort, per_page, page)
                assert paged == [a.id for a in whole["items"]], (sort, per_page, rows)

            exact = membership.list_applications(officer, status="pending", sort=sort, page=2, per_page=4,
                                                 count_cap=100)
            assert (exact["total"], exact["total_capped"], len(exact["items"])) == (6, False, 2)


def test_the_queue_has_numbered_pages_and_a_box_to_jump_to_any(web_login, arrange_application):
    for n in range(9):
        arrange_application("riders", id_number=factories.id_number(f"15010219900101{n:03d}"))
    officer = web_login("org_admin", org="xincheng")

    html = officer.get("/admin/applications?per_page=1&page=5&occupation=").get_data(as_text=True)
    pager = html[html.index('<nav class="pager"'):]
    numbers = re.findall(r'class="page-link">(\d+)</a>|aria-current="page">(\d+)</span>|class="gap">(…)</span>', pager)
    assert ["".join(n) for n in numbers] == ["1", "…", "3", "4", "5", "6", "7", "…", "9"]
    assert 'page=7' in pager and 'aria-current="page">5<' in pager and "共 9 条，第 5/9 页" in pager
    # The jump box keeps the filters and the page size, and goes no further than the last page.
    assert '<input type="hidden" name="per_page" value="1">' in pager
    assert '<input type="hidden" name="occupation" value="">' in pager and 'name="page" min="1" max="9"' in pager
    assert len(_row_ids(officer.get("/admin/applications?per_page=1&page=9"))) == 1


def test_page_numbers_around_this_page_with_the_first_and_the_last():
    from app.admin.template_helpers import page_numbers

    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 4) == [1, 2, 3, 4]
    assert page_numbers(50, 400) == [1, None, 48, 49, 50, 51, 52, None, 400]
    assert page_numbers(4, 400) == [1, 2, 3, 4, 5, 6, None, 400]
    assert page_numbers(101, 101, more=True) == [1, None, 99, 100, 101]  # past a capped count: no last page


def test_the_officer_api_lists_like_the_pages(app, client, login_officer, arrange_application):
    """GET …/applications waits-longest first by default, with -name; batch reject with one reason;
    members sortable (the pages' orders, for API clients too)."""
    ids = [arrange_application("riders", name=name, id_number=factories.id_number(f"15010219900202{n:03d}"))
           for n, name in enumerate(("张乙", "张甲", "张丙"))]
    for n, application_id in enumerate(ids):
        _age(app, application_id, 3 - n)  # the first waited longest
    headers = login_officer("org_admin", "xincheng")
    listed = "/api/v1/admin/membership/applications?status=pending"

    def order(url):
        return [a["id"] for a in client.get(url, headers=headers).get_json()["items"]]

    assert order(listed) == ids
    assert order(f"{listed}&sort=-submitted_at") == ids[::-1]
    by_name = order(f"{listed}&sort=name")  # the database's collation decides where 甲 乙 丙 fall
    assert sorted(by_name) == sorted(ids) and order(f"{listed}&sort=-name") == by_name[::-1]

    refused = assert_error(client.post("/api/v1/admin/membership/applications/batch-reject", headers=headers,
                                       json={"ids": ids[:2]}), 422)
    assert refused["fields"]["reason"]
    rejected = client.post("/api/v1/admin/membership/applications/batch-reject", headers=headers,
                           json={"ids": [*ids[:2], 999999], "reason": "请补充劳动关系证明"})
    assert rejected.status_code == 200, rejected.get_json()
    results = rejected.get_json()["results"]
    assert [(r["application_id"], r["ok"]) for r in results] == [(ids[0], True), (ids[1], True), (999999, False)]
    assert order(listed) == [ids[2]]
    with app.app_context():
        reasons = {a.reject_reason for a in db.session.scalars(
            sa.select(MembershipApplication).where(MembershipApplication.id.in_(ids[:2])))}
    assert reasons == {"请补充劳动关系证明"}


def test_the_members_api_sorts_like_the_page(app, client, login_officer, arrange_application):
    from app.membership import services as membership

    ids = [arrange_application("riders", name=name, id_number=factories.id_number(f"15010219900303{n:03d}"))
           for n, name in enumerate(("李乙", "李甲"))]
    with app.app_context():
        officer = factories.helper_admin()
        for application_id in ids:
            membership.approve_application(officer, application_id)
        db.session.commit()
    headers = login_officer("org_admin", "xincheng")

    def names(sort):
        body = client.get(f"/api/v1/admin/membership/members?sort={sort}", headers=headers).get_json()
        return [m["name"] for m in body["items"]]

    assert sorted(names("name")) == ["李乙", "李甲"] and names("-name") == names("name")[::-1]
    assert names("member_no") == names("-member_no")[::-1] and names("joined_at") == names("-joined_at")[::-1]
    bad = client.get("/api/v1/admin/membership/members?sort=phone", headers=headers)
    assert bad.status_code == 422


def test_highlighted_only_past_the_limit(app, web_login, arrange_application):
    at_limit = arrange_application("riders", name="刚满期", id_number=factories.ID_NUMBERS[1])
    past = arrange_application("riders", name="已超期", id_number=factories.ID_NUMBERS[2])
    _age(app, at_limit, 15)  # QUEUE_WAIT_LIMIT_DAYS: 15 days is not yet "past" it
    _age(app, past, 16)
    html = web_login("org_admin", org="xincheng").get("/admin/applications").get_data(as_text=True)
    assert '<span class="waited">已等待 15 天</span>' in html
    assert '<span class="waited badge rejected">已等待 16 天</span>' in html


def test_every_list_offers_the_page_size_and_keeps_its_filters(web_login, arrange_application):
    arrange_application("riders")
    officer = web_login("org_admin", org="xincheng")
    for url in ("/admin/members?per_page=50&q=13", "/admin/transfers?per_page=50&direction=outgoing",
                "/admin/applications?per_page=50&occupation=courier", "/admin/audit?per_page=50&action=x"):
        html = officer.get(url).get_data(as_text=True)
        form = html[html.index('<form method="get" class="per-page">'):]
        form = form[:form.index("</form>")]
        assert '<option value="50" selected>50</option>' in form, url
        assert all(f'<option value="{n}"' in form for n in (20, 100)), url
        kept = url.split("&")[1].split("=")
        assert f'<input type="hidden" name="{kept[0]}" value="{kept[1]}">' in form, url
        assert 'name="per_page" value=' not in form and 'name="page"' not in form, url  # a new size: page 1


def test_a_page_past_the_end_says_so_and_a_huge_page_number_is_no_error(web_login, arrange_application):
    arrange_application("riders")
    officer = web_login("org_admin", org="xincheng")
    for url in ("/admin/applications?page=999", "/admin/members?page=999&per_page=5"):
        html = officer.get(url).get_data(as_text=True)
        pager = html[html.index('<nav class="pager"'):]
        assert "没有第 999 页" in pager and "回到第 1 页" in pager and "超过" not in pager, url
    for url in ("/admin/applications", "/admin/audit", "/admin/transfers", "/admin/members"):
        assert officer.get(f"{url}?page=99999999999999999999").status_code == 200, url


def test_filter_forms_keep_the_page_size_and_pickers_and_sorting_behave(web_login):
    officer = web_login("org_admin", org="xincheng")
    for url in ("/admin/transfers", "/admin/audit", "/admin/orgs", "/admin/legal-aid", "/admin/applications",
                "/admin/members"):
        html = officer.get(f"{url}?per_page=50").get_data(as_text=True)
        form = html[html.index('class="filters'):]
        form = form[:form.index("</form>")]
        assert '<input type="hidden" name="per_page" value="50">' in form, url
    sessions = officer.get("/admin/legal-aid").get_data(as_text=True)
    # Three org pickers on one page (filter, one day, a series): each writes its own hidden field.
    assert [sessions.count(f'id="pick-{key}"') for key in ("org_id", "session-org_id", "recurring-org_id")] == [1, 1, 1]
    members = officer.get("/admin/members").get_data(as_text=True)
    assert "sort=name" in members and "sort=-name" not in members  # a column's first click sorts ascending
