"""The applications queue and detail page: filters, scope, reveal, approve, reject, reassign, batch."""
import re

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.models import Member, MembershipApplication
from tests import factories
from tests.admin.conftest import post_form


def _status(app, application_id):
    with app.app_context():
        return db.session.get(MembershipApplication, application_id).status


def _queue_ids(response):
    return {int(i) for i in re.findall(r'<tr data-id="(\d+)"', response.get_data(as_text=True))}


def test_queue_shows_pending_applications_of_the_officers_subtree_only(web_login, arrange_application):
    ours = arrange_application("riders", name="李骑手", id_number=factories.ID_NUMBERS[1])
    theirs = arrange_application("builders", name="赵工人", id_number=factories.ID_NUMBERS[2])

    district = web_login("org_admin", org="xincheng")
    page = district.get("/admin/applications")

    assert page.status_code == 200
    assert _queue_ids(page) == {ours}
    assert "李骑手" in page.get_data(as_text=True) and "赵工人" not in page.get_data(as_text=True)
    assert _queue_ids(web_login("city_admin").get("/admin/applications")) == {ours, theirs}


def test_filters_search_and_sort(web_login, arrange_application):
    rider = arrange_application("riders", name="张三", phone="13800001111", occupation="food_delivery",
                                id_number=factories.ID_NUMBERS[1])
    courier = arrange_application("couriers", name="阿四", phone="13900002222", occupation="courier",
                                  id_number=factories.ID_NUMBERS[2])
    pooled = arrange_application("saihan", pool=True, name="王五", phone="13700003333",
                                 id_number=factories.ID_NUMBERS[3])
    admin = web_login()

    assert _queue_ids(admin.get("/admin/applications?occupation=courier")) == {courier}
    assert _queue_ids(admin.get("/admin/applications?q=1111")) == {rider}
    assert _queue_ids(admin.get("/admin/applications?q=王")) == {pooled}
    assert _queue_ids(admin.get("/admin/applications?source=pool")) == {pooled}
    assert _queue_ids(admin.get("/admin/applications?date_from=2000-01-01&date_to=2000-01-02")) == set()
    oldest_first = re.findall(r'<tr data-id="(\d+)"', admin.get("/admin/applications?sort=submitted_at").get_data(as_text=True))
    newest_first = re.findall(r'<tr data-id="(\d+)"', admin.get("/admin/applications?sort=-submitted_at").get_data(as_text=True))
    assert [int(i) for i in oldest_first] == [rider, courier, pooled] and newest_first == oldest_first[::-1]
    paged = admin.get("/admin/applications?per_page=2&page=2")
    assert len(_queue_ids(paged)) == 1 and "第 2/2 页" in paged.get_data(as_text=True)


def test_detail_masks_the_id_number_and_reveal_asks_for_a_reason(app, web_login, arrange_application):
    number = factories.ID_NUMBERS[4]
    application_id = arrange_application("riders", id_number=number)
    officer = web_login("org_admin", org="xincheng")

    detail = officer.get(f"/admin/applications/{application_id}").get_data(as_text=True)
    assert number not in detail and f"{number[:6]}********{number[-4:]}" in detail
    assert "查看完整身份证号" in detail

    no_reason = post_form(officer, f"/admin/applications/{application_id}/reveal", {"reason": ""})
    assert no_reason.status_code == 302
    assert number not in officer.get(no_reason.headers["Location"]).get_data(as_text=True)

    revealed = post_form(officer, f"/admin/applications/{application_id}/reveal", {"reason": "核对身份"})
    assert revealed.status_code == 200 and number in revealed.get_data(as_text=True)
    assert number not in revealed.headers.get("Set-Cookie", "")
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "personal_data.id_number.revealed"))
        assert entry.reason == "核对身份" and entry.target_id == application_id
        assert entry.actor_officer_id == officer.officer_id


def test_approve_from_the_detail_page_makes_a_member_and_leaves_the_queue(app, web_login, arrange_application):
    application_id = arrange_application("riders")
    officer = web_login("org_admin", org="xincheng")

    response = post_form(officer, f"/admin/applications/{application_id}/approve")

    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/applications")
    queue = officer.get("/admin/applications")
    assert application_id not in _queue_ids(queue) and "已通过，会员号" in queue.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Member).where(Member.application_id == application_id)) is not None
    # Approving twice is refused with the service's message, not an error page.
    again = post_form(officer, f"/admin/applications/{application_id}/approve", follow_redirects=True)
    assert "该申请已处理" in again.get_data(as_text=True)


def test_reject_needs_a_reason_the_worker_then_sees(app, client, web_login, login_worker, orgs):
    worker = login_worker("reject-me")
    from tests.membership.helpers import apply

    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    officer = web_login("org_admin", org="xincheng")

    empty = post_form(officer, f"/admin/applications/{application_id}/reject", {"reason": " "}, follow_redirects=True)
    assert "请填写退回原因" in empty.get_data(as_text=True) and _status(app, application_id) == "pending"

    post_form(officer, f"/admin/applications/{application_id}/reject", {"reason": "单位名称与证明不符"})

    assert _status(app, application_id) == "rejected"
    mine = client.get("/api/v1/membership/applications/mine", headers=worker).get_json()
    assert "单位名称与证明不符" in str(mine)


def test_another_districts_application_is_a_404_page(web_login, arrange_application):
    application_id = arrange_application("builders")  # saihan
    officer = web_login("org_admin", org="xincheng")

    for response in (officer.get(f"/admin/applications/{application_id}"),
                     post_form(officer, f"/admin/applications/{application_id}/approve"),
                     post_form(officer, f"/admin/applications/{application_id}/reveal", {"reason": "看看"})):
        assert response.status_code == 404
        assert "页面不存在" in response.get_data(as_text=True) or "未找到" in response.get_data(as_text=True)


def test_batch_approve_the_selected_rows(app, web_login, arrange_application):
    first = arrange_application("riders", id_number=factories.ID_NUMBERS[1])
    second = arrange_application("couriers", id_number=factories.ID_NUMBERS[2])
    untouched = arrange_application("riders", id_number=factories.ID_NUMBERS[3])
    officer = web_login("org_admin", org="xincheng")

    response = post_form(officer, "/admin/applications/approve", {"ids": [str(first), str(second)]},
                         follow_redirects=True)

    assert "已批量通过 2 份申请" in response.get_data(as_text=True)
    assert [_status(app, i) for i in (first, second, untouched)] == ["approved", "approved", "pending"]


def test_holding_pool_application_is_reassigned_then_approved(app, web_login, arrange_application, orgs):
    application_id = arrange_application("saihan", pool=True)
    officer = web_login("org_admin", org="saihan")
    detail = officer.get(f"/admin/applications/{application_id}").get_data(as_text=True)
    assert "周转库" in detail and "地铁2号线项目工会" in detail

    response = post_form(officer, f"/admin/applications/{application_id}/reassign",
                         {"org_id": str(orgs["builders"]), "reason": "同一项目"}, follow_redirects=True)

    assert "已分配至 地铁2号线项目工会" in response.get_data(as_text=True)
    with app.app_context():
        application = db.session.get(MembershipApplication, application_id)
        assert application.org_id == orgs["builders"] and not application.in_pool
    approved = post_form(officer, f"/admin/applications/{application_id}/approve", follow_redirects=True)
    assert "已通过" in approved.get_data(as_text=True) and _status(app, application_id) == "approved"


def test_pool_approval_into_another_district_is_refused(app, web_login, arrange_application, orgs):
    application_id = arrange_application("saihan", pool=True)

    wrong = post_form(web_login("city_admin"), f"/admin/applications/{application_id}/approve",
                      {"org_id": str(orgs["riders"])}, follow_redirects=True)

    assert "请选择该区县内的一个基层工会" in wrong.get_data(as_text=True)
    assert _status(app, application_id) == "pending"


def test_paging_and_sorting_keep_the_filters(web_login, arrange_application):
    from html import unescape

    for n in range(3):
        arrange_application("riders", name=f"骑手{n}", occupation="food_delivery", id_number=factories.ID_NUMBERS[n + 1])
    arrange_application("couriers", name="快递小哥", occupation="courier", id_number=factories.ID_NUMBERS[5])
    admin = web_login()

    first = admin.get("/admin/applications?status=&occupation=food_delivery&sort=name&per_page=2").get_data(as_text=True)
    next_url = unescape(re.search(r'<a href="([^"]+)" rel="next">', first).group(1))
    assert all(part in next_url for part in ("status=", "occupation=food_delivery", "sort=name", "page=2", "per_page=2"))
    second = admin.get(next_url)
    assert len(_queue_ids(second)) == 1 and "快递小哥" not in second.get_data(as_text=True)
    sort_url = unescape(re.search(r'<a href="([^"]+)" class="sort[^"]*">提交时间', first).group(1))
    assert "occupation=food_delivery" in sort_url and "&page=" not in sort_url and "?page=" not in sort_url


def test_batch_approve_says_how_many_passed_and_why_the_others_did_not(app, web_login, arrange_application):
    ok = arrange_application("riders", name="能通过", id_number=factories.ID_NUMBERS[1])
    pooled = arrange_application("xincheng", pool=True, name="周转库人", id_number=factories.ID_NUMBERS[2])
    elsewhere = arrange_application("builders", name="外区人", id_number=factories.ID_NUMBERS[3])
    officer = web_login("org_admin", org="xincheng")

    page = post_form(officer, "/admin/applications/approve",
                     {"ids": [str(ok), str(pooled), str(elsewhere)], "back": "/admin/applications?status="},
                     follow_redirects=True).get_data(as_text=True)

    assert "已批量通过 1 份申请，2 份未通过（原因见下）" in page
    assert f"「周转库人」的申请（#{pooled}）未通过：周转库中的申请须先选择基层工会" in page
    assert f"申请 #{elsewhere} 未通过：未找到该入会申请" in page and "外区人" not in page
    assert [_status(app, i) for i in (ok, pooled, elsewhere)] == ["approved", "pending", "pending"]


def test_form_back_links_stay_on_the_admin_screen(web_login, arrange_application):
    officer = web_login("org_admin", org="xincheng")
    for back in ("https://evil.example/", "//evil.example/admin", "/\\\\evil.example", "/api/v1/me"):
        response = post_form(officer, "/admin/applications/approve", {"ids": ["999999"], "back": back})
        assert response.status_code == 302 and response.headers["Location"] == "/admin/applications", back
    kept = post_form(officer, "/admin/applications/approve", {"ids": ["999999"], "back": "/admin/applications?page=2"})
    assert kept.headers["Location"] == "/admin/applications?page=2"
