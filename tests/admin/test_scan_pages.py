"""The scan pages a station PC uses: card verification and pickup redemption take what a USB QR
scanner types (a signed token) or a typed short code, and answer on the page itself."""
import sqlalchemy as sa

from app.auth.models import User
from app.campaigns.models import CampaignSignup, Redemption
from app.extensions import db
from app.membership.models import Member
from tests.admin.conftest import post_form
from tests.campaigns.helpers import arrange_campaign, sign_up
from tests.membership.helpers import make_member

HERE_NAME, THERE_NAME = "新城区海拉尔东路驿站", "赛罕区敕勒川路驿站"


def card_token(app, client, login_worker, orgs, status="active"):
    """A member's fresh card QR token, as the mini-program would draw it; (token, member_no)."""
    headers = login_worker("alice")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.nickname == "alice"))
    member_id, member_no = make_member(app, user_id, orgs["riders"], name="李晓明")
    token = client.get("/api/v1/membership/card/qr", headers=headers).get_json()["token"]
    if status != "active":
        with app.app_context():
            db.session.get(Member, member_id).status = status
            db.session.commit()
    return token, member_no


def pickup(client, login_worker, campaign_id, station_id, name):
    """A worker's sign-up at the station: (its id, short code, its QR token)."""
    worker = login_worker(name)
    signup = sign_up(client, worker, campaign_id, station_id).get_json()
    token = client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=worker).get_json()["token"]
    return signup["id"], signup["short_code"], token


def signup_status(app, signup_id):
    with app.app_context():
        return db.session.get(CampaignSignup, signup_id).status


# --- card verification --------------------------------------------------------------------------

def test_station_staff_scan_a_card_and_see_member_no_masked_name_and_union(app, client, web_login, orgs,
                                                                          login_worker):
    token, member_no = card_token(app, client, login_worker, orgs)
    staff = web_login("station_staff", org="xincheng")
    page = staff.get("/admin/cards/verify").get_data(as_text=True)
    assert 'name="token"' in page and "autofocus" in page and "用摄像头扫码" in page
    assert "vendor/jsqr/jsQR.js" in page and "核验会员码" in page  # the menu entry too

    answer = post_form(staff, "/admin/cards/verify", {"token": f"  {token}\n"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "有效会员卡" in html
    assert member_no in html and "李*明" in html and "美团外卖骑手联合工会" in html and "李晓明" not in html
    assert 'value="' + token not in html  # the field comes back empty for the next scan


def test_expired_forged_and_revoked_cards_are_named_on_the_page(app, client, web_login, orgs, login_worker,
                                                               frozen_now):
    token, member_no = card_token(app, client, login_worker, orgs)
    officer = web_login("org_admin", org="xincheng")
    forged = post_form(officer, "/admin/cards/verify", {"token": token[:-4] + "AAAA"})
    assert forged.status_code == 400 and "伪造或无效的会员码" in forged.get_data(as_text=True)
    garbage = post_form(officer, "/admin/cards/verify", {"token": "ABC123"})
    assert garbage.status_code == 400 and "伪造或无效的会员码" in garbage.get_data(as_text=True)
    frozen_now.shift(61)
    expired = post_form(officer, "/admin/cards/verify", {"token": token}).get_data(as_text=True)
    assert "会员码已过期" in expired and "请会员刷新后重新出示" in expired and member_no not in expired


def test_a_suspended_members_card_is_revoked_on_the_page(app, client, web_login, orgs, login_worker):
    token, member_no = card_token(app, client, login_worker, orgs, status="suspended")
    answer = post_form(web_login("station_staff", org="xincheng"), "/admin/cards/verify", {"token": token})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409 and "会员卡已失效" in html and member_no not in html


def test_a_lawyer_has_no_card_verification_page(app, client, web_login, orgs, login_worker):
    token, member_no = card_token(app, client, login_worker, orgs)
    lawyer = web_login("lawyer", org="xincheng")
    assert "核验会员码" not in lawyer.get("/admin/", follow_redirects=True).get_data(as_text=True)
    assert lawyer.get("/admin/cards/verify").status_code == 404
    refused = post_form(lawyer, "/admin/cards/verify", {"token": token})
    assert refused.status_code == 404 and member_no not in refused.get_data(as_text=True)
    assert "页面不存在" in refused.get_data(as_text=True)


# --- redeeming ----------------------------------------------------------------------------------

def test_a_scanned_pickup_token_is_redeemed_and_a_second_scan_refused_on_the_page(app, client, web_login, orgs,
                                                                                  login_worker):
    campaign_id, (here, _there, _) = arrange_campaign(app, orgs)
    signup_id, short_code, token = pickup(client, login_worker, campaign_id, here, "alice")
    staff = web_login("station_staff", org="xincheng", station_id=here)
    page = staff.get("/admin/redeem").get_data(as_text=True)
    assert 'name="scanned"' in page and "autofocus" in page and "用摄像头扫码" in page

    done = post_form(staff, "/admin/redeem", {"scanned": token + "\r\n"})
    assert done.status_code == 200 and "核销成功，请发放清凉包" in done.get_data(as_text=True)
    assert short_code in done.get_data(as_text=True) and signup_status(app, signup_id) == "picked_up"
    with app.app_context():
        assert db.session.scalar(sa.select(Redemption.method)) == "token"
    again = post_form(staff, "/admin/redeem", {"scanned": token})
    assert again.status_code == 409 and "不能重复领取" in again.get_data(as_text=True)
    assert "页面不存在" not in again.get_data(as_text=True) and HERE_NAME in again.get_data(as_text=True)


def test_another_stations_pickup_says_where_it_belongs_on_the_page(app, client, web_login, orgs, login_worker):
    campaign_id, (here, there, _) = arrange_campaign(app, orgs)
    signup_id, short_code, token = pickup(client, login_worker, campaign_id, there, "bob")
    staff = web_login("station_staff", org="xincheng", station_id=here)
    for scanned in (token, short_code):
        answer = post_form(staff, "/admin/redeem", {"scanned": scanned})
        html = answer.get_data(as_text=True)
        assert answer.status_code == 409 and f"该领取码属于「{THERE_NAME}」" in html and "核销清凉包" in html
    assert signup_status(app, signup_id) == "signed_up"


def test_a_code_that_matches_nothing_is_answered_on_the_page_not_a_404_page(app, client, web_login, orgs,
                                                                            login_worker, frozen_now):
    campaign_id, (here, _there, _) = arrange_campaign(app, orgs)
    signup_id, _short_code, token = pickup(client, login_worker, campaign_id, here, "carol")
    officer = web_login("org_admin", org="xincheng")
    unknown = post_form(officer, "/admin/redeem", {"scanned": "ZZZZZZ", "station_id": str(here)})
    html = unknown.get_data(as_text=True)
    assert unknown.status_code == 404 and "领取码不存在，请核对后重新输入" in html
    assert "页面不存在" not in html and 'name="scanned"' in html and f'value="{here}"' in html
    frozen_now.shift(61)
    expired = post_form(officer, "/admin/redeem", {"scanned": token, "station_id": str(here)})
    assert expired.status_code == 400 and "二维码已过期" in expired.get_data(as_text=True)
    assert signup_status(app, signup_id) == "signed_up"


def test_a_qr_scanned_on_the_wrong_page_says_which_page_reads_it(app, client, web_login, orgs, login_worker):
    campaign_id, (here, _there, _) = arrange_campaign(app, orgs)
    card, member_no = card_token(app, client, login_worker, orgs)
    signup_id, _short_code, pickup_token = pickup(client, login_worker, campaign_id, here, "dave")
    staff = web_login("station_staff", org="xincheng", station_id=here)

    on_redeem = post_form(staff, "/admin/redeem", {"scanned": card})
    assert on_redeem.status_code == 400 and "这是会员码，不是清凉包领取码" in on_redeem.get_data(as_text=True)
    on_verify = post_form(staff, "/admin/cards/verify", {"token": pickup_token})
    html = on_verify.get_data(as_text=True)
    assert on_verify.status_code == 400 and "这是清凉包领取码，不是会员码" in html and member_no not in html
    assert signup_status(app, signup_id) == "signed_up"
