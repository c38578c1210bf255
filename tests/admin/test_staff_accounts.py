"""Staff accounts on the screen: an officer's own WeChat binding (a one-time code for staff mode,
unbinding), and moving a station-staff account to another campaign's station."""
import re

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Officer, StaffBindCode
from app.campaigns.models import Redemption
from app.extensions import db
from tests.admin.conftest import post_form
from tests.campaigns.helpers import arrange_campaign, sign_up


def officer_row(app, officer_id):
    with app.app_context():
        officer = db.session.get(Officer, officer_id)
        db.session.expunge(officer)
        return officer


def entries(app, action, target_id):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action,
                                                              AuditEntry.target_id == target_id)
                                  .order_by(AuditEntry.id)).all()


def test_staff_get_a_bind_code_on_the_screen_bind_in_the_mini_program_and_unbind(app, client, web_login, orgs,
                                                                                 login_worker):
    _campaign_id, (here, _there, _) = arrange_campaign(app, orgs)
    staff = web_login("station_staff", org="xincheng", station_id=here)
    page = staff.get("/admin/account/wechat").get_data(as_text=True)
    assert "未绑定" in page and "解除微信绑定" not in page and "绑定微信" in page

    shown = post_form(staff, "/admin/account/wechat/code").get_data(as_text=True)
    code = re.search(r'<strong id="bind-code">(\d{6})</strong>', shown).group(1)
    assert "前有效（10分钟），只能使用一次" in shown
    with app.app_context():
        row = db.session.scalars(sa.select(StaffBindCode).where(StaffBindCode.officer_id == staff.officer_id)).one()
        assert code not in row.code_hash and row.used_at is None
    assert entries(app, "staff.bind_code_issued", staff.officer_id)

    worker = login_worker("zhang")
    assert client.post("/api/v1/staff/bind", json={"code": code}, headers=worker).status_code == 200
    assert officer_row(app, staff.officer_id).user_id is not None
    page = staff.get("/admin/account/wechat").get_data(as_text=True)
    assert "已绑定微信" in page and "data-confirm=" in page and "解除微信绑定" in page

    unbound = post_form(staff, "/admin/account/wechat/unbind", follow_redirects=True).get_data(as_text=True)
    assert "已解除微信绑定" in unbound and "未绑定" in unbound
    assert officer_row(app, staff.officer_id).user_id is None
    (entry,) = entries(app, "staff.unbound", staff.officer_id)
    assert entry.actor_officer_id == staff.officer_id and entry.details["side"] == "officer"
    assert client.get("/api/v1/staff/me", headers=worker).status_code == 403
    again = post_form(staff, "/admin/account/wechat/unbind", follow_redirects=True).get_data(as_text=True)
    assert "尚未绑定微信，无需解除" in again and len(entries(app, "staff.unbound", staff.officer_id)) == 1


def test_a_lawyer_has_no_binding_page(web_login):
    lawyer = web_login("lawyer", org="xincheng")
    assert lawyer.get("/admin/account/wechat").status_code == 404
    assert post_form(lawyer, "/admin/account/wechat/code").status_code == 404


def test_a_district_officer_moves_staff_to_a_new_campaigns_station_and_it_keeps_several_staff(
        app, client, web_login, orgs, login_worker):
    _old_campaign, (old_station, _saihan, _) = arrange_campaign(app, orgs)
    new_campaign, (new_station, saihan_station, _) = arrange_campaign(app, orgs, name="新城区送清凉（第二期）")
    first = web_login("station_staff", org="xincheng", station_id=old_station)
    second = web_login("station_staff", org="xincheng", station_id=new_station)
    district = web_login("org_admin", org="xincheng")
    page = district.get("/admin/accounts").get_data(as_text=True)
    assert "更换驿站" in page and "新城区送清凉（第二期） · 新城区海拉尔东路驿站" in page
    assert "赛罕区敕勒川路驿站" not in page  # another district's stations are not offered

    moved = post_form(district, f"/admin/officers/{first.officer_id}/station", {"station_id": str(new_station)},
                      follow_redirects=True)
    assert "已更换账号" in moved.get_data(as_text=True) and moved.request.path == "/admin/accounts"
    assert officer_row(app, first.officer_id).station_id == new_station == officer_row(app, second.officer_id).station_id
    (entry,) = entries(app, "officer.station_changed", first.officer_id)
    assert entry.details["changes"]["station_id"] == [f"新城区海拉尔东路驿站（#{old_station}）",
                                                   f"新城区海拉尔东路驿站（#{new_station}）"]
    refused = post_form(district, f"/admin/officers/{first.officer_id}/station",
                        {"station_id": str(saihan_station)}, follow_redirects=True)
    assert "驿站不存在" in refused.get_data(as_text=True)
    assert officer_row(app, first.officer_id).station_id == new_station

    # The move ended the account's session; signed in again, both staff redeem at the one station.
    assert first.get("/admin/redeem").status_code == 302
    first = web_login("station_staff", org="xincheng", username="again", station_id=new_station)
    codes = [sign_up(client, login_worker(name), new_campaign, new_station).get_json()["short_code"]
             for name in ("w1", "w2")]
    for staff, code in zip((first, second), codes, strict=True):
        assert post_form(staff, "/admin/redeem", {"scanned": code}).status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)
                                 .where(Redemption.station_id == new_station)) == 2


def test_the_city_admin_picks_a_station_by_name_on_the_accounts_page(app, web_login, orgs):
    _campaign, (here, there, _) = arrange_campaign(app, orgs)
    staff = web_login("station_staff", org="xincheng", station_id=here)
    admin = web_login("city_admin")
    page = admin.get("/admin/officers").get_data(as_text=True)
    assert f'<option value="{here}" selected>' in page and "赛罕区敕勒川路驿站" in page
    post_form(admin, f"/admin/officers/{staff.officer_id}/station", {"station_id": str(there)})
    assert officer_row(app, staff.officer_id).station_id == there
