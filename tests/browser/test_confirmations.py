"""Every irreversible step on the officer screen asks first, in Chromium: 取消 changes nothing, 确定 does
it — suspending a member, rejecting a transfer, checking a worker in, marking one absent, overwriting
an outcome (the queue's approve / reject / batch actions and the station's are in their own stories)."""
from datetime import time, timedelta

import pytest

from app.extensions import db
from tests import factories
from tests.browser.conftest import screenshot, sign_in


@pytest.fixture(scope="module")
def desk(web_app, arranged):
    """A member of 美团外卖骑手联合工会 asking to move to 赛罕区, and a reception slot of 新城区 that
    began 20 minutes ago (the desk is open on the real clock) with two bookings."""
    from app.legal_aid.models import LegalAidSession, LegalAidSlot
    from app.timeutil import local_now

    orgs = arranged["orgs"]
    began = (local_now() - timedelta(minutes=20)).replace(second=0, microsecond=0)
    if began.time() > time(23, 0):  # keep the whole session on one day
        began = began.replace(hour=22, minute=0)
    with web_app.app_context():
        member = factories.make_member_row(factories.make_user("b-confirm-member").id, orgs["riders"], 301,
                                           name="赵确认")
        transfer = factories.make_transfer(member.id, orgs["riders"], orgs["builders"])
        session = LegalAidSession(org_id=orgs["xincheng"], date=began.date(), starts_at=began,
                                  ends_at=began + timedelta(minutes=40), place="新城区职工服务中心三楼")
        session.slots = [LegalAidSlot(starts_at=began, length_minutes=20, capacity=5, booked_count=0)]
        db.session.add(session)
        db.session.flush()
        slot = session.slots[0]
        came = factories.make_booking(slot, factories.make_user("b-desk-came").id, contact_name="钱来了")
        absent = factories.make_booking(slot, factories.make_user("b-desk-absent").id, contact_name="孙没来")
        ids = {"member": member.id, "application": member.application_id, "transfer": transfer.id,
               "session": session.id, "slot": slot.id, "came": came.id, "absent": absent.id}
        db.session.commit()
    yield ids
    # The browser stories share one database: take this member and case out of the dashboard's and the
    # report's figures again (their stories count the arranged federation exactly).
    import sqlalchemy as sa

    with web_app.app_context():
        for statement, key in (("DELETE FROM legal_aid_bookings WHERE session_id = :id", "session"),
                               ("DELETE FROM legal_aid_slots WHERE session_id = :id", "session"),
                               ("DELETE FROM legal_aid_sessions WHERE id = :id", "session"),
                               ("DELETE FROM member_transfers WHERE member_id = :id", "member"),
                               ("DELETE FROM member_org_links WHERE member_id = :id", "member"),
                               ("DELETE FROM member_cards WHERE member_id = :id", "member"),
                               ("DELETE FROM members WHERE id = :id", "member"),
                               ("DELETE FROM application_events WHERE application_id = :id", "application"),
                               ("DELETE FROM membership_applications WHERE id = :id", "application")):
            db.session.execute(sa.text(statement), {"id": ids[key]})
        db.session.commit()


def _asks_then_does(page, button, question, *, unchanged):
    """Press `button` (a selector): the question is asked; 取消 leaves the page as it was (`unchanged()`
    still holds); pressed again and answered 确定, the form posts."""
    for accept in (False, True):
        asked = []
        page.once("dialog", lambda dialog, ok=accept: (asked.append(dialog.message),
                                                         dialog.accept() if ok else dialog.dismiss()))
        if accept:
            with page.expect_navigation():
                page.click(button)
        else:
            page.click(button)
            assert unchanged(), question
        assert asked == [question]


def test_suspending_a_member_asks_first(new_page, arranged, desk):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto(f"/admin/members/{desk['member']}")
    page.fill("#status-form input[name=reason]", "长期未缴会费")
    _asks_then_does(page, "#status-form button[type=submit]", "确定暂停该会员的会籍？该职工将收到通知。",
                    unchanged=lambda: "暂停会籍" in page.inner_text("#status-form"))
    assert "恢复会籍" in page.inner_text("#status-form")


def test_rejecting_a_transfer_asks_first(new_page, arranged, desk):
    page = sign_in(new_page(), arranged["officers"]["saihan"])
    page.goto("/admin/transfers?direction=incoming")
    row = "tr:has-text('赵确认')"
    page.fill(f"{row} input[name=reason]", "材料不全")
    _asks_then_does(page, f"{row} button.danger", "确定拒绝赵确认的转会申请？该会员将收到拒绝原因。",
                    unchanged=lambda: page.locator(f"{row} button.danger").count() == 1)
    assert "已拒绝该转会申请" in page.inner_text(".flashes")
    page.goto("/admin/transfers?status=rejected")
    assert "材料不全" in page.inner_text(row)


def test_the_desk_asks_before_check_in_no_show_and_overwriting_an_outcome(new_page, arranged, desk):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto(f"/admin/legal-aid/sessions/{desk['session']}")
    came, absent = f"#roster tr[data-id='{desk['came']}']", f"#roster tr[data-id='{desk['absent']}']"

    _asks_then_does(page, f"{came} button:has-text('签到')", "确定为钱来了签到？",
                    unchanged=lambda: "已预约" in page.inner_text(came))
    assert "已签到" in page.inner_text(came)
    _asks_then_does(page, f"{absent} button:has-text('未到场')",
                    "确定将孙没来标记为未到场？标记后不能再签到或登记办理结果。",
                    unchanged=lambda: "已预约" in page.inner_text(absent))
    assert "未到场" in page.inner_text(absent)

    # The first outcome is saved without a question; overwriting it asks.
    page.click(f"{came} summary:has-text('登记办理结果')")
    page.select_option(f"{came} select[name=outcome]", "mediated")
    page.fill(f"{came} input[name=amount_recovered]", "8000")
    with page.expect_navigation():
        page.click(f"{came} .outcome-form button[type=submit]")
    assert "¥8,000.00" in page.inner_text(came)
    page.click(f"{came} summary:has-text('修改办理结果')")
    page.fill(f"{came} input[name=amount_recovered]", "9000")
    _asks_then_does(page, f"{came} .outcome-form button[type=submit]",
                    "确定覆盖已登记的办理结果？原结果将被替换（审计日志保留记录）。",
                    unchanged=lambda: "¥8,000.00" in page.inner_text(came))
    assert "¥9,000.00" in page.inner_text(came)
    screenshot(page, "desk-confirmed")
