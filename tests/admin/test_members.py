"""Members, transfers and enrollment points on the officer screen."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.models import EnrollmentPoint, Member, Transfer
from tests import factories
from tests.admin.conftest import post_form
from tests.factories import make_user
from tests.membership.helpers import make_member


def _member(app, orgs, org="riders", id_number=factories.ID_NUMBERS[1], name="王建国"):
    with app.app_context():
        user_id = make_user("member").id
        db.session.commit()
    member_id, member_no = make_member(app, user_id, orgs[org], id_number=id_number, name=name)
    return member_id, member_no, user_id


def test_members_list_detail_and_card(app, web_login, orgs):
    member_id, member_no, _ = _member(app, orgs)
    _member(app, orgs, "builders", factories.ID_NUMBERS[2], "赵工人")
    officer = web_login("org_admin", org="xincheng")

    listing = officer.get("/admin/members").get_data(as_text=True)
    assert member_no in listing and "赵工人" not in listing
    detail = officer.get(f"/admin/members/{member_id}").get_data(as_text=True)
    assert "会员服务卡" in detail and "可用" in detail and factories.ID_NUMBERS[1] not in detail
    assert officer.get(f"/admin/members?q={member_no}").get_data(as_text=True).count("<td data-label=\"会员号\">") == 1


def test_suspend_and_restore_need_a_reason(app, web_login, orgs):
    member_id, _, _ = _member(app, orgs)
    officer = web_login("org_admin", org="xincheng")
    url = f"/admin/members/{member_id}/status"

    refused = post_form(officer, url, {"action": "suspend", "reason": ""}, follow_redirects=True)
    assert "请填写原因" in refused.get_data(as_text=True)
    post_form(officer, url, {"action": "suspend", "reason": "会籍核查"})
    with app.app_context():
        assert db.session.get(Member, member_id).status == "suspended"
    assert "不可用" in officer.get(f"/admin/members/{member_id}").get_data(as_text=True)
    post_form(officer, url, {"action": "restore", "reason": "核查完毕"})
    with app.app_context():
        assert db.session.get(Member, member_id).status == "active"
        actions = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_id == member_id,
                                                                        AuditEntry.target_type == "Member")).all()
        assert {"membership.member.suspended", "membership.member.restored"} <= set(actions)


def test_other_districts_member_is_404(app, web_login, orgs):
    member_id, _, _ = _member(app, orgs, "builders")
    officer = web_login("org_admin", org="xincheng")
    assert officer.get(f"/admin/members/{member_id}").status_code == 404
    assert post_form(officer, f"/admin/members/{member_id}/status", {"action": "suspend", "reason": "x"}).status_code == 404


def _transfer(app, orgs):
    from app.auth.models import User
    from app.membership import services as membership

    member_id, _, user_id = _member(app, orgs, "riders")
    with app.app_context():
        transfer = membership.request_transfer(db.session.get(User, user_id), orgs["builders"], "换了工地")
        db.session.commit()
        return transfer.id, member_id


def test_the_receiving_union_approves_a_transfer(app, web_login, orgs):
    transfer_id, member_id = _transfer(app, orgs)
    # The union the member leaves sees the move by default, but only the receiving union decides.
    leaving = web_login("org_admin", org="xincheng").get("/admin/transfers").get_data(as_text=True)
    assert "换了工地" in leaving and f"/admin/transfers/{transfer_id}/decide" not in leaving
    receiving = web_login("org_admin", org="saihan")
    page = receiving.get("/admin/transfers").get_data(as_text=True)
    assert "换了工地" in page and f"/admin/transfers/{transfer_id}/decide" in page
    assert "换了工地" not in web_login("org_admin", org="xincheng").get(
        "/admin/transfers?direction=incoming").get_data(as_text=True)

    response = post_form(receiving, f"/admin/transfers/{transfer_id}/decide", {"action": "approve"},
                         follow_redirects=True)

    assert "已同意转入" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Transfer, transfer_id).status == "approved"
        assert db.session.get(Member, member_id).org_id == orgs["builders"]


def test_rejecting_a_transfer_needs_a_reason(app, web_login, orgs):
    transfer_id, _ = _transfer(app, orgs)
    receiving = web_login("org_admin", org="saihan")
    refused = post_form(receiving, f"/admin/transfers/{transfer_id}/decide", {"action": "reject"},
                        follow_redirects=True)
    assert "请填写不予接收的原因" in refused.get_data(as_text=True)
    post_form(receiving, f"/admin/transfers/{transfer_id}/decide", {"action": "reject", "reason": "不在本区"})
    with app.app_context():
        transfer = db.session.get(Transfer, transfer_id)
        assert (transfer.status, transfer.reject_reason) == ("rejected", "不在本区")


def test_create_an_enrollment_point_and_download_its_poster(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    response = post_form(officer, "/admin/enrollment-points",
                         {"org_id": str(orgs["riders"]), "name": "万达骑手驿站", "kind": "station"},
                         follow_redirects=True)
    assert "已创建入会点「万达骑手驿站」" in response.get_data(as_text=True)
    with app.app_context():
        point = db.session.scalar(sa.select(EnrollmentPoint).where(EnrollmentPoint.name == "万达骑手驿站"))
    assert "万达骑手驿站" in officer.get("/admin/enrollment-points").get_data(as_text=True)

    poster = officer.get(f"/admin/enrollment-points/{point.id}/poster.png?download=1")

    assert poster.status_code == 200 and poster.mimetype == "image/png"
    assert poster.data[:8] == b"\x89PNG\r\n\x1a\n" and "attachment" in poster.headers["Content-Disposition"]
    assert web_login("org_admin", org="saihan").get(f"/admin/enrollment-points/{point.id}/poster.png").status_code == 404


def test_enrollment_point_outside_grassroots_is_refused(web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    response = post_form(officer, "/admin/enrollment-points",
                         {"org_id": str(orgs["xc_street"]), "name": "街道", "kind": "other"}, follow_redirects=True)
    assert "入会点须属于一个基层工会" in response.get_data(as_text=True)
