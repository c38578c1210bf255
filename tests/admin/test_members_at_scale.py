"""What keeps the members list, the queue and the dashboard quick at a whole city's scale
(bench/queue_scale.py measures it): searches that each hit one index, counts that stop at a cap
and say so, and the dashboard's member counts reused for a short, configured time."""
import sqlalchemy as sa

from app.extensions import db
from app.figures_cache import KeptFigures
from app.membership import figures
from app.membership import web as membership_web
from app.membership.models import Member
from app.reports import services as report_services
from tests import factories
from tests.factories import make_user
from tests.membership.helpers import make_member

ROW = '<td data-label="会员号">'


def _members(app, orgs):
    """Two riders of the 美团 union with different phones; returns their member numbers."""
    numbers = []
    for n, (name, phone) in enumerate((("王建国", "13912345678"), ("李强", "13800005678")), start=1):
        with app.app_context():
            user_id = make_user(f"member{n}").id
            db.session.commit()
        numbers.append(make_member(app, user_id, orgs["riders"], id_number=factories.ID_NUMBERS[n], name=name,
                                   phone=phone)[1])
    return numbers


def test_an_officer_finds_a_member_by_id_number_phone_phone_tail_and_member_number(app, web_login, orgs):
    first, second = _members(app, orgs)
    officer = web_login("org_admin", org="xincheng")

    def found(q):
        page = officer.get("/admin/members", query_string={"q": q}).get_data(as_text=True)
        return [no for no in (first, second) if no in page], page.count(ROW)

    assert found(factories.ID_NUMBERS[2]) == ([second], 1)  # the blind index, never plain text
    assert found("13912345678") == ([first], 1)  # a full mobile number: that phone only
    assert found("5678") == ([first, second], 2)  # digits: the phone's tail
    assert found("345678") == ([first], 1)
    assert found(first[:6]) == ([first, second], 2)  # HH + year: that year's members
    assert found(first[2:]) == ([first], 1)  # the digits without "HH": that member
    assert first[2:8] == second[2:8] and found(first[2:8]) == ([first, second], 2)  # year + start of the serial
    assert found("李") == ([second], 1)  # anything else: the name
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 2


def test_a_list_longer_than_the_count_cap_says_so_and_still_pages_on(app, web_login, orgs, monkeypatch):
    first, second = _members(app, orgs)
    monkeypatch.setattr(membership_web, "COUNT_CAP", 1)
    officer = web_login("org_admin", org="xincheng")

    page = officer.get("/admin/members?per_page=1").get_data(as_text=True)
    assert "超过 1 条，第 1 页" in page and "下一页" in page and "共 1 条" not in page
    assert page.count(ROW) == 1 and second in page  # newest first
    last = officer.get("/admin/members?per_page=1&page=2").get_data(as_text=True)
    assert first in last and last.count(ROW) == 1 and "上一页" in last

    monkeypatch.setattr(membership_web, "COUNT_CAP", 2)
    exact = officer.get("/admin/members?per_page=1").get_data(as_text=True)
    assert "共 2 条，第 1/2 页" in exact and "超过" not in exact


def test_the_dashboard_reuses_its_member_counts_for_the_configured_seconds(app, client, orgs, login_officer,
                                                                           frozen_now, monkeypatch):
    monkeypatch.setattr(figures, "_COUNTS", KeptFigures())
    monkeypatch.setattr(report_services, "_KEPT", KeptFigures())
    app.config["FIGURES_CACHE_SECONDS"] = 60
    try:
        with app.app_context():
            user_id = make_user("member1").id
            db.session.commit()
        make_member(app, user_id, orgs["riders"])
        headers = login_officer("city_admin")

        def total():
            return client.get("/api/v1/admin/stats", headers=headers).get_json()["membership"]["members_total"]

        assert total() == 1
        with app.app_context():
            user_id = make_user("member2").id
            db.session.commit()
        make_member(app, user_id, orgs["riders"], id_number=factories.ID_NUMBERS[2], name="李强")
        assert total() == 1  # counted less than a minute ago
        counted = client.get("/api/v1/admin/stats", headers=headers).get_json()["counted_at"]
        frozen_now.shift(61)
        assert total() == 2
        assert client.get("/api/v1/admin/stats", headers=headers).get_json()["counted_at"] > counted
        with app.app_context():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Member)) == 2
    finally:
        app.config["FIGURES_CACHE_SECONDS"] = 0
