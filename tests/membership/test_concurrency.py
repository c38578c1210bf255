"""One membership per person, one member per application, unique member numbers — under real
concurrent requests on PostgreSQL (threads released by a barrier, each with its own connection).

The control runs switch the row locks off (RACE_LOCKS_ENABLED = False) and must observe the race:
approvals that passed the "still pending?" check together, or member numbers handed out twice.
"""
import threading
from itertools import count

import pytest

from app.audit.models import AuditEntry
from app.auth.models import User
from app.membership.member_no import is_valid_member_no
from app.membership.models import Member, MembershipApplication
from app.orgs.models import Organization
from tests.concurrency import locks_off, outcomes, run_together
from tests.factories import count_rows, id_number
from tests.membership.helpers import apply, approve

pytestmark = pytest.mark.postgres_only
ROUNDS, CONTROL_ROUNDS, THREADS = 5, 8, 12
_people = count(1)


def fire(app, calls):
    """Run the (client → response) calls at once; return [(status, code)]."""
    return outcomes(run_together(app, calls))


def new_person():
    n = next(_people)
    return id_number(f"1501021990{n // 1000 % 12 + 1:02d}07{n % 1000:03d}")


@pytest.fixture
def officers(login_officer):
    return [login_officer("org_admin", "xincheng") for _ in range(THREADS)]


def pending_application(client, login_worker, orgs):
    response = apply(client, login_worker(f"w{next(_people)}"), org_id=orgs["riders"], id_number=new_person())
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_simultaneous_applications_for_one_id_number_yield_one(app, racing_app, client, orgs, login_worker):
    for round_no in range(ROUNDS):
        number = new_person()
        workers = [login_worker(f"twin-{round_no}-{n}") for n in range(THREADS)]
        results = fire(racing_app, [lambda c, h=h: apply(c, h, org_id=orgs["riders"], id_number=number)
                                    for h in workers])
        assert [s for s, _ in results].count(201) == 1, results
        assert all(code == "application_pending" for s, code in results if s != 201), results
    assert count_rows(app, MembershipApplication) == ROUNDS


def approve_all_at_once(app, officers, application_id):
    return fire(app, [lambda c, h=h: approve(c, h, application_id) for h in officers])


def test_officers_approving_at_once_make_one_member(app, racing_app, client, orgs, login_worker, officers):
    for _ in range(ROUNDS):
        application_id = pending_application(client, login_worker, orgs)
        results = approve_all_at_once(racing_app, officers, application_id)
        assert [s for s, _ in results].count(200) == 1, results
        # with the lock, every loser saw the decided application, none reached the constraint
        assert all(code == "application_not_pending" for s, code in results if s != 200), results
        assert count_rows(app, Member, Member.application_id == application_id) == 1
    assert count_rows(app, AuditEntry, AuditEntry.action == "membership.application.approved") == ROUNDS


def test_control_without_the_lock_officers_race_past_the_status_check(app, racing_app, client, orgs, login_worker,
                                                                     officers):
    raced = 0
    for _ in range(CONTROL_ROUNDS):
        application_id = pending_application(client, login_worker, orgs)
        with locks_off(racing_app):
            results = approve_all_at_once(racing_app, officers, application_id)
        raced += sum(code == "approval_conflict" for _, code in results)
        # the unique constraint still stops a second member: it is the backstop, not the guard
        assert count_rows(app, Member, Member.application_id == application_id) == 1
    print(f"control run without the lock: {raced} approvals passed the pending check together")
    assert raced > 0, "without the lock, concurrent approvals should have passed the pending check together"


def approve_many_at_once(app, client, orgs, login_worker, officers):
    application_ids = [pending_application(client, login_worker, orgs) for _ in officers]
    results = fire(app, [lambda c, h=h, a=a: approve(c, h, a) for h, a in zip(officers, application_ids, strict=False)])
    return results, application_ids


def test_member_numbers_stay_unique_under_concurrent_approvals(app, racing_app, client, orgs, login_worker, officers):
    from app.extensions import db

    for _ in range(ROUNDS):
        results, _application_ids = approve_many_at_once(racing_app, client, orgs, login_worker, officers)
        assert [s for s, _ in results] == [200] * THREADS, results
    with app.app_context():
        numbers = db.session.scalars(db.select(Member.member_no)).all()
    assert len(numbers) == len(set(numbers)) == ROUNDS * THREADS
    assert all(is_valid_member_no(n) for n in numbers)


def test_control_without_the_counter_lock_numbers_collide(racing_app, client, orgs, login_worker, officers):
    collisions = 0
    for _ in range(CONTROL_ROUNDS):
        with locks_off(racing_app):
            results, _ = approve_many_at_once(racing_app, client, orgs, login_worker, officers)
        collisions += sum(code == "approval_conflict" for _, code in results)
    print(f"control run without the lock: {collisions} approvals drew a member number already taken")
    assert collisions > 0, "without the counter lock, two approvals should have drawn the same number"


def members_with_pending_transfers(app, n):
    """n members of the riders' union, each asking to move to the builders' project union."""
    from app.extensions import db
    from app.membership import services
    from tests.factories import make_user
    from tests.membership.helpers import make_member

    member_ids = []
    with app.app_context():
        orgs = {o.name: o.id for o in db.session.scalars(db.select(Organization))}
        for _ in range(n):
            user = make_user(f"t{next(_people)}")
            member_id, _ = make_member(None, user.id, orgs["美团外卖骑手联合工会"], id_number=new_person())
            services.request_transfer(db.session.get(User, user.id), orgs["地铁2号线项目工会"], "换了工地")
            db.session.commit()
            member_ids.append(member_id)
    return member_ids


def transfer_against_suspension(app, login_officer, rounds):
    """Each round: the receiving union approves transfers while the old union suspends the same
    members. Returns, per member, (transfer status, suspend status)."""
    from app.membership.models import Transfer

    receiving, sending = login_officer("org_admin", "saihan"), login_officer("org_admin", "xincheng")
    pairs = []
    for _ in range(rounds):
        member_ids = members_with_pending_transfers(app, THREADS // 2)
        with app.app_context():
            from app.extensions import db

            transfers = dict(db.session.execute(db.select(Transfer.member_id, Transfer.id)
                                                .where(Transfer.member_id.in_(member_ids))).all())
        calls = []
        for member_id in member_ids:
            calls.append(lambda c, t=transfers[member_id]: c.post(
                f"/api/v1/admin/membership/transfers/{t}/approve", headers=receiving))
            calls.append(lambda c, m=member_id: c.post(
                f"/api/v1/admin/membership/members/{m}/suspend", json={"reason": "长期未缴会费"}, headers=sending))
        results = fire(app, calls)
        pairs += [(results[i][0], results[i + 1][0]) for i in range(0, len(results), 2)]
    return pairs


def test_a_transfer_and_a_suspension_at_once_never_both_win(app, racing_app, orgs, login_officer):
    decisions = transfer_against_suspension(racing_app, login_officer, ROUNDS)
    # approved first: the old union no longer holds the member (404); suspended first: 409
    assert all(sorted(pair) in ([200, 404], [200, 409]) for pair in decisions), decisions
    assert count_rows(app, Member, Member.status == "suspended", Member.org_id == orgs["builders"]) == 0


def test_control_without_the_member_lock_a_suspended_member_is_moved(app, racing_app, orgs, login_officer):
    with locks_off(racing_app):
        decisions = transfer_against_suspension(racing_app, login_officer, CONTROL_ROUNDS)
    print(f"control run without the lock: {decisions.count((200, 200))} members both moved and suspended")
    assert (200, 200) in decisions, "without the member lock, both decisions should have gone through"
    assert count_rows(app, Member, Member.status == "suspended", Member.org_id == orgs["builders"]) > 0



def test_an_application_arriving_while_the_same_person_is_approved_is_refused(app, client, orgs, login_worker,
                                                                             officers, monkeypatch):
    """A fixed interleaving: the approval of the person's pending application commits right after the
    second submission's first duplicate check passes. The next check must then see it."""
    import app.membership.applications as applications

    number = new_person()
    first = apply(client, login_worker("first-phone"), org_id=orgs["riders"], id_number=number).get_json()
    approvals = []

    def approve_now():
        thread = threading.Thread(target=lambda: approvals.append(
            approve(app.test_client(), officers[0], first["id"]).status_code))
        thread.start()
        thread.join()

    def then_approve(check):
        def checked(*args, **kwargs):
            check(*args, **kwargs)
            if not approvals:
                approve_now()
        return checked

    for name in ("ensure_not_member", "_ensure_nothing_pending"):
        monkeypatch.setattr(applications, name, then_approve(getattr(applications, name)))
    second = apply(client, login_worker("second-phone"), org_id=orgs["couriers"], id_number=number)
    assert second.status_code == 409, second.get_json()
    if not approvals:  # the first check refused at once: approve afterwards, nothing must change
        approve_now()
    assert approvals == [200]
    assert count_rows(app, MembershipApplication) == 1 and count_rows(app, Member) == 1
