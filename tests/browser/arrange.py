"""What the browser stories need, created through services and factories."""
from app.membership import services as membership
from tests import factories
from tests.factories import id_number, make_user
from tests.membership.helpers import application_body
from tests.reports.arrange import arrange_federation

#: name, org key, occupation, phone — one pending application each.
APPLICANTS = (
    ("刘外卖", "riders", "food_delivery", "13800000001"),
    ("陈快递", "couriers", "courier", "13800000002"),
    ("周快递", "couriers", "courier", "13800000003"),
    ("吴骑手", "riders", "food_delivery", "13800000004"),
    ("郑工人", "builders", "other", "13800000005"),
)


def arrange():
    tree = factories.make_org_tree()
    officers = {
        "admin": factories.make_officer("b-admin", "city_admin", tree["city"].id),
        "xincheng": factories.make_officer("b-xincheng", "org_admin", tree["xincheng"].id),
        "saihan": factories.make_officer("b-saihan", "org_admin", tree["saihan"].id),
        "victim": factories.make_officer("b-victim", "org_admin", tree["saihan"].id),
    }
    applications = {}
    for n, (name, org, occupation, phone) in enumerate(APPLICANTS, start=1):
        body = application_body(name=name, org_id=tree[org].id, occupation=occupation, phone=phone,
                                id_number=id_number(f"15010219900101{n:03d}"))
        applications[name] = membership.submit_application(make_user(f"b{n}"), body).id
    # A known year 2026 for the dashboard's charts and the report (members, cases, pick-ups).
    arrange_federation({k: v.id for k, v in tree.items()})
    return {"orgs": {k: v.id for k, v in tree.items()},
            "officers": {k: v.username for k, v in officers.items()},
            "applications": applications}


def arrange_station_desk(orgs):
    """A station PC's stories: an open campaign with a station in 新城区 and one in 赛罕区, a staff
    account at the first, a lawyer, a member with a card, and sign-ups at both stations."""
    from app.cards.services import issue_card

    campaign = factories.make_campaign(orgs["xincheng"], "浏览器送清凉")
    here = factories.make_station(campaign.id, orgs["xincheng"], "浏览器新城驿站")
    there = factories.make_station(campaign.id, orgs["saihan"], "浏览器赛罕驿站")
    staff = factories.make_officer("b-staff", "station_staff", orgs["xincheng"], station_id=here.id)
    factories.make_officer("b-lawyer", "lawyer", orgs["xincheng"])
    member_user = make_user("b-member")
    issue_card(factories.make_member_row(member_user.id, orgs["riders"], 90, name="李晓明"))
    signups = {}
    for n, (key, station) in enumerate((("here", here), ("here2", here), ("there", there), ("camera", here))):
        user = make_user(f"b-pickup-{key}")
        signups[key] = {"id": factories.make_signup(campaign.id, station.id, user.id, f"BRW{n + 2}XY").id,
                        "user_id": user.id, "short_code": f"BRW{n + 2}XY"}
    return {"staff": staff.username, "staff_id": staff.id, "lawyer": "b-lawyer", "member_user_id": member_user.id,
            "signups": signups, "station_ids": {"here": here.id, "there": there.id}}
