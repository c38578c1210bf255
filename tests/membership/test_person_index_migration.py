"""Migration 0008 brings rows stored before NFKC in line: full-width ID numbers and phones become
ASCII with the blind index everyone else gets; a person found twice is reported, not crashed on."""
import hashlib
import hmac
import importlib.util
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from flask import current_app

from app.extensions import db
from app.membership import services
from app.membership.models import Member, MembershipApplication
from app.personal_data import blind_index, decrypt_text, encrypt_text
from tests.factories import make_user
from tests.membership.helpers import ID_NUMBERS, application_body, make_member

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0008_nfkc_person_index.py"


def _old_index(number):
    """The blind index as it was computed before NFKC: of the characters as typed."""
    key = current_app.config["BLIND_INDEX_KEY"].encode("utf-8")
    return hmac.new(key, number.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()


def _as_stored_before(row, number, phone=None):
    row.id_number_encrypted = encrypt_text(number)
    row.person_index = _old_index(number)
    row.id_number_tail, row.id_number_region = number[-4:], number[:6]
    if phone:
        row.phone = phone


def _run_migration():
    spec = importlib.util.spec_from_file_location("migration_0008", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        module.upgrade()


def test_rows_stored_in_full_width_get_the_ascii_index_and_duplicates_are_reported(app, orgs, capsys):
    with app.app_context():
        users = [make_user(name) for name in ("alice", "bob", "carol")]
        db.session.commit()
        user_ids = [user.id for user in users]
    first_id, _ = make_member(app, user_ids[0], orgs["riders"], id_number=ID_NUMBERS[1])
    second_id, _ = make_member(app, user_ids[1], orgs["couriers"], id_number=ID_NUMBERS[2])
    with app.app_context():
        # The bug: the same person as the first member, typed in full-width digits, approved again.
        _as_stored_before(db.session.get(Member, second_id), ID_NUMBERS[1].translate(FULL_WIDTH),
                          phone="１３９１２３４５６７８")
        pending = services.submit_application(db.session.get(type(users[2]), user_ids[2]),
                                              application_body(id_number=ID_NUMBERS[3], org_id=orgs["riders"]))
        _as_stored_before(pending, ID_NUMBERS[3].translate(FULL_WIDTH))
        db.session.commit()
        pending_id = pending.id
        db.session.remove()

        _run_migration()

        application = db.session.get(MembershipApplication, pending_id)
        assert application.person_index == blind_index(ID_NUMBERS[3])
        assert decrypt_text(application.id_number_encrypted) == ID_NUMBERS[3]
        assert application.id_number_tail == ID_NUMBERS[3][-4:]
        first, second = db.session.get(Member, first_id), db.session.get(Member, second_id)
        assert first.person_index == blind_index(ID_NUMBERS[1])
        # Kept apart (the unique index holds) and reported for an officer to resolve.
        assert second.person_index == _old_index(ID_NUMBERS[1].translate(FULL_WIDTH))
        assert decrypt_text(second.id_number_encrypted) == ID_NUMBERS[1]
        assert second.phone == "13912345678"
    assert f"members.id={second_id} and members.id={first_id}" in capsys.readouterr().out
