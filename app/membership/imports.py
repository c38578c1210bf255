"""Bulk import of a union's existing roster from .xlsx / .csv (`flask members import`, the upload page).

Every row is checked as an online application is (GB 11643 ID number with a real birth date and
age, phone, the lists of the officer screen); duplicates within the file and against existing
members (blind index) are bad rows too. All or nothing: one bad row imports nothing. Imported
members have an approved application (source 'import'), a member number, a card, and no WeChat
user until the worker claims the membership with their ID number (app.membership.claims).
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.cards.models import MemberCard
from app.errors import ValidationFailed
from app.extensions import db
from app.membership.applications import MAX_AGE, MIN_AGE, _checked_fields
from app.membership.labels import HOUSEHOLD_TYPE_LABELS, OCCUPATION_LABELS
from app.membership.member_no import PREFIX, format_member_no, is_valid_member_no
from app.membership.models import Member, MemberNoCounter, MemberOrgLink, MembershipApplication
from app.orgs.models import Organization
from app.orgs.services import is_in_scope
from app.personal_data import IdNumberError, blind_index, encrypt_text, mask_id_number, parse_id_number
from app.sheets import Problem, read_sheet
from app.timeutil import SHANGHAI, local_now, utcnow

HEADERS = ("姓名", "身份证号", "手机号", "所属工会代码", "入会日期", "会员号", "职业", "民族", "学历", "政治面貌",
           "户籍类型", "是否农民工")
REQUIRED = ("姓名", "身份证号", "手机号", "所属工会代码", "入会日期", "职业")
EXAMPLE = (("张三", "150102199003071237", "13800000000", "XC-HLE-001", "2025-06-01", "", "快递员", "汉族", "高中",
            "群众", "农村", "是"),)
#: Officers write the screen's labels; the code names are accepted too.
OCCUPATIONS = {**{v: k for k, v in OCCUPATION_LABELS.items()}, **{k: k for k in OCCUPATION_LABELS}}
HOUSEHOLDS = {**{v: k for k, v in HOUSEHOLD_TYPE_LABELS.items()}, **{k: k for k in HOUSEHOLD_TYPE_LABELS},
              "城镇": "urban", "农村": "rural"}
YES_NO = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False, "": False,
          "yes": True, "no": False}
#: Application fields → the column their message is reported under.
COLUMNS = {"name": "姓名", "phone": "手机号", "occupation": "职业", "ethnicity": "民族", "education": "学历",
           "political_status": "政治面貌", "household_type": "户籍类型", "employer": "所属工会代码"}
CONSENT_VERSION = "import"
CHUNK = 2000


def mask_id_in_report(header, value):
    """ID numbers never appear in a report: 150102********123X, like everywhere else."""
    if header == "身份证号" and value:
        return mask_id_number(value[:6], value[-4:]) if len(value) >= 10 else "****"
    return value


@dataclass
class RosterImport:
    problems: list = field(default_factory=list)
    created: int = 0
    rows: int = 0
    dry_run: bool = False
    sheet: object = None

    @property
    def ok(self):
        return not self.problems


def _joined(text, birth):
    try:
        joined = date.fromisoformat(text.replace("/", "-")[:10])
    except ValueError:
        return None, "入会日期应为 2025-06-01 这样的日期"
    if joined > local_now().date():
        return None, "入会日期不能晚于今天"
    if birth and joined < birth:
        return None, "入会日期不能早于出生日期"
    return joined, None


def _check_row(number, row, orgs, seen, today):
    """→ (values for the application and member, [Problem])."""
    problems = []

    def bad(column, message):
        problems.append(Problem(number, column, message))

    try:
        id_number, birth, gender = parse_id_number(row.get("身份证号", ""), today=today, min_age=MIN_AGE,
                                                   max_age=MAX_AGE)
    except IdNumberError as exc:
        bad("身份证号", exc.message)
        id_number = birth = gender = None
    org = orgs.get(row.get("所属工会代码", ""))
    if org is None:
        bad("所属工会代码", "所属工会代码不存在，或不在您的管辖范围内")
    elif org.kind != "grassroots" or not org.active:
        bad("所属工会代码", "会员须属于一个在用的基层工会")
    occupation = OCCUPATIONS.get(row.get("职业", ""))
    household = HOUSEHOLDS.get(row.get("户籍类型", "")) if row.get("户籍类型") else None
    if row.get("户籍类型") and household is None:
        bad("户籍类型", "户籍类型应为 城镇 或 农村")
    migrant = YES_NO.get(row.get("是否农民工", "").lower())
    if migrant is None:
        bad("是否农民工", "是否农民工应为 是 或 否")
    data = {"name": row.get("姓名"), "phone": row.get("手机号"), "occupation": occupation or row.get("职业"),
            "ethnicity": row.get("民族") or None, "education": row.get("学历") or None,
            "political_status": row.get("政治面貌") or None, "household_type": household,
            "employer": org.name if org else "—", "consent_version": CONSENT_VERSION}
    try:
        data = _checked_fields(data)
    except ValidationFailed as exc:
        for name, messages in exc.fields.items():
            for message in messages:
                bad(COLUMNS.get(name, name), message)
    joined, problem = _joined(row.get("入会日期", ""), birth)
    if problem:
        bad("入会日期", problem)
    member_no = row.get("会员号", "").upper()
    if member_no and not is_valid_member_no(member_no):
        member_no = ""  # a wrong check character: a fresh number is generated instead
    if id_number:
        index = blind_index(id_number)
        if index in seen:
            bad("身份证号", f"与第 {seen[index]} 行是同一人")
        else:
            seen[index] = number
    else:
        index = None
    values = {**data, "id_number": id_number, "person_index": index, "birth_date": birth, "gender": gender,
              "org_id": org.id if org else None, "joined": joined, "member_no": member_no,
              "is_migrant_worker": bool(migrant)}
    return values, problems


def _against_existing(parsed, problems):
    """Rows whose person (blind index) or kept member number is already a member's."""
    indexes = [v["person_index"] for _, v in parsed if v["person_index"]]
    taken, numbers = set(), set()
    for start in range(0, len(indexes), CHUNK):
        taken.update(db.session.scalars(sa.select(Member.person_index)
                                        .where(Member.person_index.in_(indexes[start:start + CHUNK]))))
    kept = [v["member_no"] for _, v in parsed if v["member_no"]]
    for start in range(0, len(kept), CHUNK):
        part = kept[start:start + CHUNK]
        numbers.update(db.session.scalars(sa.select(Member.member_no).where(Member.member_no.in_(part))))
    in_file = {}
    for number, values in parsed:
        if values["person_index"] in taken:
            problems.append(Problem(number, "身份证号", "此人已是会员"))
        no = values["member_no"]
        if no and (no in numbers or no in in_file):
            message = "会员号已被使用" if no in numbers else f"会员号与第 {in_file[no]} 行重复"
            problems.append(Problem(number, "会员号", message))
        elif no:
            in_file[no] = number


def import_roster(data, filename, *, actor=None, dry_run=False, progress=None):
    """Check the whole roster, then (unless `dry_run` or a row is bad) write it → RosterImport."""
    if actor is not None:
        require_role(actor, roles.OFFICE)
    sheet = read_sheet(data, filename, REQUIRED)
    codes = {row.get("所属工会代码", "") for _, row in sheet.rows}
    orgs = {org.code: org for org in db.session.scalars(sa.select(Organization).where(Organization.code.in_(codes)))
            if actor is None or is_in_scope(actor, org)}
    today, seen, problems, parsed = local_now().date(), {}, [], []
    for number, row in sheet.rows:
        values, row_problems = _check_row(number, row, orgs, seen, today)
        problems.extend(row_problems)
        parsed.append((number, values))
    _against_existing(parsed, problems)
    result = RosterImport(problems=sorted(problems, key=lambda p: p.row), rows=len(sheet.rows), dry_run=dry_run,
                          sheet=sheet)
    result.created = len(parsed)
    if problems or dry_run:
        return result
    _write(parsed, progress)
    record_audit("member.imported", actor=actor, target_type="import", org_id=getattr(actor, "org_id", None),
                 to_state=str(result.created), file=filename, rows=result.rows)
    return result


def _numbers(parsed):
    """A member number for every row: the kept ones, and fresh ones from each year's counter."""
    kept_by_year = {}
    for _, v in parsed:
        if v["member_no"]:
            kept_by_year.setdefault(int(v["member_no"][len(PREFIX):len(PREFIX) + 4]), set()).add(v["member_no"])
    for year in sorted({v["joined"].year for _, v in parsed} | set(kept_by_year)):
        counter = db.session.scalar(sa.select(MemberNoCounter).where(MemberNoCounter.year == year).with_for_update())
        if counter is None:
            counter = MemberNoCounter(year=year, last_seq=0)
            db.session.add(counter)
        kept = kept_by_year.get(year, set())
        seq = counter.last_seq
        for _, v in parsed:
            if not v["member_no"] and v["joined"].year == year:
                seq += 1
                while format_member_no(year, seq) in kept:
                    seq += 1
                v["member_no"] = format_member_no(year, seq)
        kept_seqs = [int(no[len(PREFIX) + 4:-1]) for no in kept]
        counter.last_seq = max([seq, *kept_seqs])
    db.session.flush()


def _write(parsed, progress):
    _numbers(parsed)
    now = utcnow()
    total = len(parsed)
    for start in range(0, total, CHUNK):
        chunk = [v for _, v in parsed[start:start + CHUNK]]
        joined_at = [datetime.combine(v["joined"], time(9), tzinfo=SHANGHAI) for v in chunk]
        # A bulk INSERT runs no ORM events: the application's district (models._copy_district) is written here.
        districts = dict(db.session.execute(sa.select(Organization.id, Organization.district_id)
                                            .where(Organization.id.in_({v["org_id"] for v in chunk}))).all())
        personal = [{"person_index": v["person_index"], "id_number_encrypted": encrypt_text(v["id_number"]),
                     "id_number_tail": v["id_number"][-4:], "id_number_region": v["id_number"][:6],
                     "name": v["name"], "phone": v["phone"], "gender": v["gender"], "birth_date": v["birth_date"],
                     "occupation": v["occupation"], "employer": v["employer"], "org_id": v["org_id"]}
                    for v in chunk]
        application_ids = db.session.scalars(
            sa.insert(MembershipApplication).returning(MembershipApplication.id, sort_by_parameter_order=True),
            [{**p, "user_id": None, "status": "approved", "source": "import", "in_pool": False,
              "ethnicity": v["ethnicity"], "education": v["education"], "political_status": v["political_status"],
              "household_type": v["household_type"], "is_migrant_worker": v["is_migrant_worker"],
              "consent_version": CONSENT_VERSION, "consented_at": now, "submitted_at": at, "decided_at": now,
              "district_id": districts[p["org_id"]]}
             for p, v, at in zip(personal, chunk, joined_at, strict=True)]).all()
        member_ids = db.session.scalars(
            sa.insert(Member).returning(Member.id, sort_by_parameter_order=True),
            [{**p, "user_id": None, "status": "active", "member_no": v["member_no"], "joined_at": at,
              "application_id": application_id, "is_migrant_worker": v["is_migrant_worker"]}
             for p, v, at, application_id in zip(personal, chunk, joined_at, application_ids, strict=True)]).all()
        links = zip(member_ids, personal, joined_at, strict=True)
        db.session.execute(sa.insert(MemberOrgLink), [{"member_id": m, "org_id": p["org_id"], "started_at": at}
                                                      for m, p, at in links])
        db.session.execute(sa.insert(MemberCard), [{"member_id": m, "issued_at": now, "version": 1}
                                                   for m in member_ids])
        if progress:
            progress(min(start + CHUNK, total), total)
