"""Bulk import of the union tree from .xlsx / .csv: all-or-nothing, idempotent by 组织代码.

Rows may list children before their parents; a row whose 上级组织代码 is empty or the federation's
code hangs directly under the federation. A clean file creates the new unions and updates the ones
whose code already exists (name, parent, details); any bad row imports nothing and the report says
row, column and what is wrong.
"""
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.errors import ValidationFailed
from app.extensions import db
from app.orgs.codes import credit_code_problem, org_code_problem
from app.orgs.labels import ORG_KIND_LABELS, ORG_SUBKIND_LABELS
from app.orgs.management import kind_rank, reparent
from app.orgs.models import Organization
from app.sheets import Problem, read_sheet

HEADERS = ("组织代码", "组织名称", "上级组织代码", "组织类型", "基层类型", "统一社会信用代码", "地址", "联系人",
           "联系电话")
REQUIRED = ("组织代码", "组织名称", "上级组织代码", "组织类型")
EXAMPLE = (("XC", "新城区总工会", "", "区县总工会", "", "", "", "", ""),
           ("XC-HLE", "新城区海拉尔东路街道工会联合会", "XC", "街道工会联合会", "", "", "", "", ""),
           ("XC-HLE-001", "新城区美团外卖骑手联合工会", "XC-HLE", "基层工会", "联合", "", "海拉尔东路1号", "张三",
            "13800000000"))

#: What a 组织类型 / 基层类型 cell may say: the screen's label, the short form, or the code name.
KINDS = {**{v: k for k, v in ORG_KIND_LABELS.items()}, **{k: k for k in ORG_KIND_LABELS},
         "街道工会联合会": "federation", "乡镇工会联合会": "federation", "园区工会联合会": "federation"}
SUBKINDS = {**{v: k for k, v in ORG_SUBKIND_LABELS.items()}, **{k: k for k in ORG_SUBKIND_LABELS},
            "企业": "enterprise", "联合": "joint", "项目": "project", "楼宇": "building", "一条街": "street",
            "平台": "platform", "行业": "platform"}
#: Row columns → Organization attributes an import writes.
DETAILS = {"统一社会信用代码": "credit_code", "地址": "address", "联系人": "contact_person",
           "联系电话": "contact_phone"}
LIMITS = {"组织名称": 120, "地址": 255, "联系人": 64, "联系电话": 20}


class _Planned:
    """A new org of a dry run: it has no id yet, so anything hung under it counts as changed."""
    id = None


PLANNED = _Planned()


@dataclass
class TreeImport:
    problems: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: The codes of existing orgs the file changed (name, details or parent), for the audit entry.
    updated_codes: list = field(default_factory=list)
    rows: int = 0
    dry_run: bool = False
    sheet: object = None

    @property
    def ok(self):
        return not self.problems


def _federation():
    return db.session.scalar(sa.select(Organization).where(Organization.parent_id.is_(None)).order_by(Organization.id))


def _check_rows(sheet, federation, existing):
    """→ (parsed rows by code, problems). Each parsed row: dict with number, kind, subkind, parent_code, values."""
    problems, parsed = [], {}
    for number, row in sheet.rows:
        def bad(column, message, number=number):
            problems.append(Problem(number, column, message))
        code = row.get("组织代码", "")
        problem = org_code_problem(code)
        if problem:
            bad("组织代码", problem)
            continue
        if code in parsed:
            bad("组织代码", f"组织代码与第 {parsed[code]['number']} 行重复")
            continue
        item = {"number": number, "code": code, "values": {}}
        parsed[code] = item
        if code == federation.code:
            bad("组织代码", "这是市总工会的组织代码，不能作为下级组织导入")
            continue
        for column, limit in LIMITS.items():
            if len(row.get(column, "")) > limit:
                bad(column, f"{column}不能超过 {limit} 个字")
        if not row.get("组织名称"):
            bad("组织名称", "请填写组织名称")
        kind = KINDS.get(row.get("组织类型", ""))
        if kind is None or kind == "city":
            bad("组织类型", "组织类型应为 区县总工会 / 街道工会联合会 / 基层工会")
        subkind = SUBKINDS.get(row.get("基层类型", "")) if row.get("基层类型") else None
        if kind == "grassroots" and subkind is None:
            bad("基层类型", "基层工会须填写基层类型：企业 / 联合 / 项目 / 楼宇 / 一条街 / 平台")
        elif kind not in (None, "grassroots") and row.get("基层类型"):
            bad("基层类型", "只有基层工会填写基层类型")
        credit = row.get("统一社会信用代码", "").upper() or None
        if credit and credit_code_problem(credit):
            bad("统一社会信用代码", credit_code_problem(credit))
        if code in existing and kind and existing[code].kind != kind:
            bad("组织类型", f"与已有组织的类型（{ORG_KIND_LABELS[existing[code].kind]}）不同")
        parent_code = row.get("上级组织代码", "")
        item.update(kind=kind, subkind=subkind if kind == "grassroots" else None,
                    parent_code=None if parent_code in ("", federation.code) else parent_code,
                    values={"name": row.get("组织名称", ""), "credit_code": credit,
                            **{attr: row.get(column) or None for column, attr in DETAILS.items()
                               if attr != "credit_code"}})
    return parsed, problems


def _check_parents(parsed, federation, existing, problems):
    """Every parent known, higher in kind, and no cycles (following parents through the file)."""
    def kind_of(code):
        return parsed[code]["kind"] if code in parsed else existing[code].kind

    for code, item in parsed.items():
        parent_code = item.get("parent_code")
        if "kind" not in item or item["kind"] is None:
            continue
        if parent_code is not None and parent_code not in parsed and parent_code not in existing:
            problems.append(Problem(item["number"], "上级组织代码", f"上级组织代码 {parent_code} 不存在"))
            continue
        parent_kind = federation.kind if parent_code is None else kind_of(parent_code)
        if parent_kind and kind_rank(parent_kind) >= kind_rank(item["kind"]):
            problems.append(Problem(item["number"], "上级组织代码", "上级组织的层级应高于本组织"))
        seen, walk = {code}, parent_code
        while walk is not None and walk in parsed:
            if walk in seen:
                problems.append(Problem(item["number"], "上级组织代码", "上级关系形成循环"))
                break
            seen.add(walk)
            walk = parsed[walk].get("parent_code")


def _depth(code, parsed):
    depth, walk = 0, parsed[code]["parent_code"]
    while walk is not None and walk in parsed:
        depth, walk = depth + 1, parsed[walk]["parent_code"]
    return depth


def import_tree(data, filename, *, actor=None, dry_run=False, progress=None):
    """Check the whole file, then (unless `dry_run` or a row is bad) write it → TreeImport.

    `actor` is None for federation IT at the command line, otherwise a city admin. `progress(done, total)`
    is called as rows are written."""
    if actor is not None:
        require_role(actor, roles.CITY)
    federation = _federation()
    if federation is None:
        raise ValidationFailed("请先运行 flask setup 创建市总工会", fields={"file": ["尚未初始化市总工会"]})
    sheet = read_sheet(data, filename, REQUIRED)
    existing = {org.code: org for org in db.session.scalars(sa.select(Organization))}
    parsed, problems = _check_rows(sheet, federation, existing)
    _check_parents(parsed, federation, existing, problems)
    result = TreeImport(problems=sorted(problems, key=lambda p: p.row), rows=len(sheet.rows), dry_run=dry_run,
                        sheet=sheet)
    if problems:
        return result
    by_code = dict(existing)
    total = len(parsed)
    for done, code in enumerate(sorted(parsed, key=lambda c: _depth(c, parsed)), start=1):  # parents first
        item = parsed[code]
        parent = federation if item["parent_code"] is None else by_code[item["parent_code"]]
        org = existing.get(code)
        if org is None:
            result.created += 1
            by_code[code] = PLANNED if dry_run else _new_org(item, parent)
        else:
            changed = _update_org(org, item, parent, dry_run)
            if changed:
                result.updated_codes.append(code)
            result.updated += changed
            result.unchanged += not changed
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)
    if not dry_run:
        _finish_new(by_code, existing)
        record_audit("org.imported", actor=actor, target=federation, org_id=federation.id,
                     to_state=f"{result.created}+{result.updated}", file=filename, rows=result.rows,
                     created=result.created, updated=result.updated, updated_codes=result.updated_codes)
    return result


def _new_org(item, parent):
    org = Organization(code=item["code"], kind=item["kind"], subkind=item["subkind"], parent=parent,
                       path=f"/import-{item['code']}/", **item["values"])
    db.session.add(org)
    return org


def _finish_new(by_code, existing):
    """Insert the new orgs in bulk, then give them their paths and districts, parents first."""
    db.session.flush()
    # by_code got the new orgs in depth order, so every parent's path is final before its children's.
    for org in (org for code, org in by_code.items() if code not in existing and org is not PLANNED):
        org.path = f"{org.parent.path}{org.id}/"
        org.district_id = org.id if org.kind == "district" else org.parent.district_id
    db.session.flush()


def _update_org(org, item, parent, dry_run):
    """Bring an existing org in line with its row → whether anything changed."""
    changes = {attr: value for attr, value in {**item["values"], "subkind": item["subkind"]}.items()
               if getattr(org, attr) != value}
    moved = org.parent_id != parent.id
    if dry_run or not (changes or moved):
        return bool(changes or moved)
    for attr, value in changes.items():
        setattr(org, attr, value)
    if moved:
        reparent(org, parent)
    return True
