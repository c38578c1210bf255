"""What the browser stories need, created through services and factories."""
from tests import factories


def arrange():
    tree = factories.make_org_tree()
    officers = {
        "admin": factories.make_officer("b-admin", "city_admin", tree["city"].id),
        "xincheng": factories.make_officer("b-xincheng", "org_admin", tree["xincheng"].id),
        "saihan": factories.make_officer("b-saihan", "org_admin", tree["saihan"].id),
        "victim": factories.make_officer("b-victim", "org_admin", tree["saihan"].id),
    }
    return {"orgs": {k: v.id for k, v in tree.items()},
            "officers": {k: v.username for k, v in officers.items()}}
