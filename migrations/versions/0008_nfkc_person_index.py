"""re-derive ID-number blind indexes and phones after NFKC

Until now an ID number typed in full-width digits (１５０１…) passed the check and got a blind
index of its own, so one person could hold two memberships. The application now NFKC-normalises
every text before validation and hashing; this brings the stored rows in line: each ID number is
decrypted, normalised, re-encrypted, re-hashed, and its tail and region re-derived; phones are
normalised. A person found twice is reported (logged), never merged here, and never crashes the
upgrade: the row in the other spelling keeps its old index so the unique constraints hold, for an officer to
resolve (suspend the duplicate membership).

Revision ID: 0008_nfkc_person_index
Revises: 0007_issue_missing_cards
"""
import logging
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008_nfkc_person_index"
down_revision = "0007_issue_missing_cards"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

#: Members: one per person. Applications: one *pending* per person.
_TABLES = (("members", None), ("membership_applications", "pending"))


def _nfkc(value):
    return unicodedata.normalize("NFKC", value) if value else value


def upgrade():
    from app.personal_data import blind_index, decrypt_text, encrypt_text, normalize_id_number

    conn = op.get_bind()
    for table, unique_status in _TABLES:
        rows = conn.execute(sa.text(
            f"SELECT id, person_index, id_number_encrypted, phone, status FROM {table} ORDER BY id")).all()
        taken = {}  # new index → id of the row that holds it (within the unique scope)
        for row in rows:
            in_scope = unique_status is None or row.status == unique_status
            if in_scope:
                taken.setdefault(row.person_index, row.id)
        for row in rows:
            number = decrypt_text(row.id_number_encrypted)
            normalized = normalize_id_number(number)
            index = blind_index(normalized)
            in_scope = unique_status is None or row.status == unique_status
            changes = {}
            if _nfkc(row.phone) != row.phone:
                changes["phone"] = _nfkc(row.phone)
            if normalized != number:
                changes.update(id_number_encrypted=encrypt_text(normalized), id_number_tail=normalized[-4:],
                               id_number_region=normalized[:6])
            if index != row.person_index:
                holder = taken.get(index) if in_scope else None
                if holder is not None and holder != row.id:
                    log.warning("%s %s is the same person as %s %s (ID number in another spelling); "
                                "kept apart — resolve by hand", table, row.id, table, holder)
                    print(f"0008: duplicate person: {table}.id={row.id} and {table}.id={holder}")
                else:
                    changes["person_index"] = index
                    if in_scope:
                        taken[index] = row.id
            if changes:
                assignments = ", ".join(f"{name} = :{name}" for name in changes)
                conn.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"), {**changes, "id": row.id})


def downgrade():
    # The normalised values are the same numbers and phones; nothing to undo.
    pass
