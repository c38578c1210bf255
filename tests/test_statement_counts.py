"""Every list costs a constant number of SQL statements: counted at 5 and at 50 rows, they must match.

Each list endpoint of the JSON API (worker and officer) and each list page of the officer screen is
requested through HTTP, as a worker with a bearer token, an officer with an API token, or an officer
signed in through the real /admin/login form. tests/list_rows.py gives every row its own union,
officer, worker, lawyer and station, so a related row loaded per item cannot hide in the identity map.
The last test fails when a new list route appears without being counted here.
"""
from collections import Counter
from datetime import timedelta

import pytest

from app.extensions import db
from tests import factories
from tests.admin.conftest import post_form
from tests.list_rows import ListRows
from tests.statements import counted_statements

FEW, MANY = 5, 50


def _items(body):
    return len(body["items"])


#: (URL, who asks, rows shown): every list of the JSON API. {campaign}, {session}, {application}: the
#: main ones of ListRows, whose stations, redemptions, slots, bookings and timeline grow with the rows.
API_LISTS = [
    ("/api/v1/orgs?per_page=100", "worker", _items),
    ("/api/v1/membership/applications/mine", "worker", _items),
    ("/api/v1/membership/transfers/mine", "worker", _items),
    ("/api/v1/legal-aid/sessions?per_page=100", "worker", _items),
    ("/api/v1/legal-aid/bookings/mine?per_page=100", "worker", _items),
    ("/api/v1/campaigns?per_page=100", "worker", _items),
    ("/api/v1/campaigns/{campaign}/stations?per_page=100", "worker", _items),
    ("/api/v1/campaigns/signups/mine?per_page=100", "worker", _items),
    ("/api/v1/me/export", "worker", lambda body: min(len(body["applications"]), len(body["transfers"]),
                                                     len(body["legal_aid"]), len(body["campaigns"]))),
    ("/api/v1/admin/membership/applications?status=pending&per_page=100", "officer", _items),
    ("/api/v1/admin/membership/applications/{application}", "officer", lambda body: len(body["timeline"])),
    ("/api/v1/admin/membership/members?per_page=100", "officer", _items),
    ("/api/v1/admin/membership/transfers?status=pending&per_page=100", "officer", _items),
    ("/api/v1/admin/enrollment-points?per_page=100", "officer", _items),
    ("/api/v1/admin/legal-aid/lawyers?per_page=100", "officer", _items),
    ("/api/v1/admin/legal-aid/sessions?per_page=100", "officer", _items),
    ("/api/v1/admin/legal-aid/sessions/{session}", "officer", lambda body: len(body["slots"])),
    ("/api/v1/admin/legal-aid/sessions/{session}/roster", "officer", _items),
    ("/api/v1/admin/campaigns?per_page=100", "officer", _items),
    ("/api/v1/admin/campaigns/{campaign}/stations", "officer", len),
    ("/api/v1/admin/campaigns/{campaign}/redemptions?per_page=100", "officer", _items),
    ("/api/v1/admin/audit?per_page=100", "officer", _items),
    ("/api/v1/me/notifications?per_page=100", "worker", _items),
    ("/api/v1/admin/privacy/deletion-requests?per_page=100", "officer", _items),
    ("/api/v1/admin/orgs?per_page=100", "officer", _items),
]

#: (URL, a text each row of the page shows): every list page of the officer screen.
WEB_LISTS = [
    ("/admin/applications?status=pending&per_page=100", "计数申请人"),
    ("/admin/applications/{application}", "计数分配"),
    ("/admin/members?per_page=100", "计数会员"),
    ("/admin/members/{member}", "计数工会"),
    ("/admin/transfers?per_page=100", "计数转入工会"),
    ("/admin/enrollment-points", "计数入会点"),
    ("/admin/legal-aid?per_page=100", "计数接待点"),
    ("/admin/legal-aid/sessions/{session}", "count-worker-"),
    ("/admin/campaigns?per_page=100", "计数活动"),
    ("/admin/campaigns/{campaign}?per_page=100", "计数主活动驿站"),
    ("/admin/campaigns/{campaign}/stations/{station}?per_page=100", '<td data-label="报名时间">'),
    ("/admin/officers?per_page=100", "计数干部"),
    ("/admin/audit?per_page=100", "计数干部"),
    ("/admin/notifications?status=failed&per_page=100", "计数消息"),
    ("/admin/privacy/deletion-requests?per_page=100", "<td data-label=\"职工\">#"),
    ("/admin/orgs?q=计数工会&per_page=100", "计数工会"),
]

#: GET routes without a trailing id that are not lists, and why.
NOT_LISTS = {
    "/api/v1/me": "the worker's own profile",
    "/api/v1/membership/card": "one card",
    "/api/v1/membership/card/qr": "one signed token",
    "/api/v1/cards/public-key": "the verification key",
    "/api/v1/labels": "the label tables: constants, no database",
    "/api/v1/notifications/templates": "the template ids from config, no database",
    "/api/v1/me/deletion-request": "the worker's one deletion request",
    "/api/v1/me/consents": "the consent texts the worker accepted: one per text version",
    "/api/v1/campaigns/signups/<int:signup_id>/qr": "one signed token",
    "/api/v1/admin/auth/me": "the signed-in officer",
    "/api/v1/staff/me": "the staff member's station: figures, not rows",
    "/api/v1/admin/stats": "figures: grouped counts, not rows",
    "/api/v1/admin/membership/figures": "figures: grouped counts, not rows",
    "/api/v1/admin/campaigns/figures": "figures: grouped counts, not rows",
    "/api/v1/admin/legal-aid/stats": "figures: grouped counts, not rows",
    "/api/v1/admin/enrollment-points/<int:point_id>/poster.png": "an image",
    "/admin/": "the dashboard: the same figures as /api/v1/admin/stats",
    "/admin/reports": "the report: grouped counts of /api/v1/admin/stats (a fixed number of aggregate queries)",
    "/admin/reports/report.xlsx": "the report's workbook: the same grouped counts as /admin/reports",
    "/admin/login": "the sign-in form",
    "/admin/password": "the password form",
    "/admin/orgs/import": "the upload form (its preview is the import's report, not a list of rows)",
    "/admin/members/import": "the upload form (its preview is the import's report, not a list of rows)",
    "/admin/orgs/import/template.xlsx": "an empty workbook with the column headers",
    "/admin/members/import/template.xlsx": "an empty workbook with the column headers",
    "/admin/orgs/pick": "type-ahead suggestions: one SELECT of at most 20 orgs, no relationships",
    "/api/v1/admin/orgs/pick": "type-ahead suggestions: one SELECT of at most 20 orgs, no relationships",
    "/admin/redeem": "the station staff's code form",
    "/admin/cards/verify": "the card-verification form: one scanned card at a time",
    "/admin/account/wechat": "the officer's own WeChat binding: one account",
    "/admin/enrollment-points/<int:point_id>/poster.png": "an image",
}


def _officer_token(app, client, orgs):
    with app.app_context():
        factories.make_officer("count-city-admin", "city_admin", orgs["city"])
        db.session.commit()
    response = client.post("/api/v1/admin/auth/login",
                           json={"username": "count-city-admin", "password": factories.PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def _web_client(app, orgs, username="count-web-admin", role="city_admin", org="city"):
    with app.app_context():
        factories.make_officer(username, role, orgs[org])
        db.session.commit()
    client = app.test_client()
    client.get("/admin/login")
    response = post_form(client, "/admin/login", {"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _measure(app, fetch, lists, rows):
    """{url: statements} of one request to each list (after one warm-up request), checking each shows
    at least `rows` rows."""
    found = {}
    for url, shown in lists:
        fetch(url)
        with counted_statements(app) as statements:
            response = fetch(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:500])
        assert shown(response) >= rows, f"{url} shows {shown(response)} rows, not {rows}: the arrangement is wrong"
        found[url] = list(statements)
    return found


def _check_constant(few, many):
    report = [f"{url}: {len(few[url])} statements at {FEW} rows, {len(many[url])} at {MANY}" for url in few]
    print("\n" + "\n".join(report))
    grown = {url: Counter(many[url]) - Counter(few[url]) for url in few if len(many[url]) != len(few[url])}
    details = [f"{url}:\n  " + "\n  ".join(f"{n}× {sql[:160]}" for sql, n in extra.most_common(3))
               for url, extra in grown.items()]
    assert not grown, "lists whose statements grow with their rows:\n" + "\n".join(details)


@pytest.fixture
def rows(app, orgs):
    return ListRows(app, orgs)


def test_every_api_list_costs_the_same_statements_at_5_and_50_rows(app, client, orgs, rows):
    officer = _officer_token(app, client, orgs)
    headers = {"worker": rows.worker_headers, "officer": officer}
    lists = [(url.format(**rows.ids), lambda r, shown=shown: shown(r.get_json())) for url, _, shown in API_LISTS]
    who = {url.format(**rows.ids): headers[kind] for url, kind, _ in API_LISTS}

    def fetch(url):
        return client.get(url, headers=who[url])

    rows.grow(FEW)
    few = _measure(app, fetch, lists, FEW)
    rows.grow(MANY)
    many = _measure(app, fetch, lists, MANY)
    _check_constant(few, many)


def test_every_officer_list_page_costs_the_same_statements_at_5_and_50_rows(app, orgs, rows):
    web = _web_client(app, orgs)
    lists = [(url.format(**rows.ids), lambda r, marker=marker: r.get_data(as_text=True).count(marker))
             for url, marker in WEB_LISTS]
    rows.grow(FEW)
    few = _measure(app, web.get, lists, FEW)
    rows.grow(MANY)
    many = _measure(app, web.get, lists, MANY)
    _check_constant(few, many)


#: A district officer's pages (a city admin has the full account list instead), counted in their own test.
DISTRICT_WEB_LISTS = [("/admin/accounts?per_page=100", "count-officer-")]


def test_a_district_officers_accounts_page_costs_the_same_statements_at_5_and_50_rows(app, orgs, rows):
    web = _web_client(app, orgs, username="count-web-district", role="org_admin", org="xc_street")
    lists = [(url, lambda r, marker=marker: r.get_data(as_text=True).count(marker))
             for url, marker in DISTRICT_WEB_LISTS]
    rows.grow(FEW)
    few = _measure(app, web.get, lists, FEW)
    rows.grow(MANY)
    many = _measure(app, web.get, lists, MANY)
    _check_constant(few, many)


#: Lists of what has already happened (every ListRows booking lies ahead), counted on a clock moved on.
LATER_WEB_LISTS = [("/admin/legal-aid/outcomes?per_page=100", "count-worker-")]


def test_the_outcomes_to_record_cost_the_same_statements_at_5_and_50_rows(app, orgs, rows, frozen_now):
    later = timedelta(days=60)

    def measure(count):
        rows.grow(count)
        frozen_now.shift(later)
        web = _web_client(app, orgs, username=f"count-web-later-{count}")
        lists = [(url, lambda r, marker=marker: r.get_data(as_text=True).count(marker))
                 for url, marker in LATER_WEB_LISTS]
        found = _measure(app, web.get, lists, count)
        frozen_now.shift(-later)
        return found

    few = measure(FEW)
    _check_constant(few, measure(MANY))


def _rule_of(app, url):
    rule, _ = app.url_map.bind("localhost").match(url.split("?")[0], method="GET", return_rule=True)
    return rule.rule


def test_no_list_route_goes_uncounted(app):
    """Every GET under /api/v1 and /admin not ending in an id is counted above or named in NOT_LISTS."""
    ids = {"campaign": 1, "session": 1, "application": 1, "member": 1, "station": 1}
    counted = {_rule_of(app, url.format(**ids)) for url, *_ in [*API_LISTS, *WEB_LISTS, *DISTRICT_WEB_LISTS,
                                                                     *LATER_WEB_LISTS]}
    list_routes = {rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and rule.rule.startswith(("/api/v1/", "/admin"))
                   and not rule.rule.endswith(">")}
    assert not set(NOT_LISTS) & counted, "a route is both counted and excluded"
    assert list_routes - set(NOT_LISTS) - counted == set(), "new list routes without a statement count"
    assert set(NOT_LISTS) <= list_routes, "NOT_LISTS names a route that no longer exists"
