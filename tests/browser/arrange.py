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
