"""Retention: `flask privacy purge` clears old rejected applications' personal data, once."""
from datetime import timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.models import MembershipApplication
from tests.membership.helpers import apply
from tests.privacy.helpers import where_found

REJECT = "/api/v1/admin/membership/applications/{}/reject"


def _age(app, application_id, days):
    with app.app_context():
        application = db.session.get(MembershipApplication, application_id)
        application.decided_at -= timedelta(days=days)
        db.session.commit()


def test_purge_clears_old_rejected_applications_and_is_idempotent(app, client, orgs, login_worker, login_officer):
    from tests.membership.helpers import ID_NUMBERS

    admin = login_officer()
    old = apply(client, login_worker("alice"), org_id=orgs["riders"], name="赵老旧", phone="13811110000",
                id_number=ID_NUMBERS[2]).get_json()["id"]
    recent = apply(client, login_worker("bob"), org_id=orgs["riders"], name="钱新近", phone="13822220000",
                   id_number=ID_NUMBERS[3]).get_json()["id"]
    apply(client, login_worker("carol"), org_id=orgs["riders"], name="孙待审", phone="13833330000",
                    id_number=ID_NUMBERS[4])
    for application_id in (old, recent):
        assert client.post(REJECT.format(application_id), json={"reason": "材料不全"},
                           headers=admin).status_code == 200
    _age(app, old, 181)
    runner = app.test_cli_runner()

    first = runner.invoke(args=["privacy", "purge"])

    assert first.exit_code == 0 and "清除个人信息 1 份" in first.output, first.output
    assert where_found(app, {"赵老旧", "13811110000", ID_NUMBERS[2]}) == []
    assert where_found(app, {"钱新近"}) and where_found(app, {"孙待审"})
    with app.app_context():
        purged = db.session.get(MembershipApplication, old)
        assert (purged.status, purged.occupation, purged.id_number_encrypted) == ("rejected", "food_delivery", "")
    second = runner.invoke(args=["privacy", "purge"])
    assert second.exit_code == 0 and "清除个人信息 0 份" in second.output
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "privacy.retention.purged")).all()
        assert [e.details["applications"] for e in entries] == [1]
