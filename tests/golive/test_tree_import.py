"""`flask orgs import`: all-or-nothing, idempotent by code, reports with Excel row numbers."""
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.extensions import db
from app.orgs.models import Organization
from tests.golive.sheets import TREE_HEADERS, tree_rows, workbook_bytes


def _setup(app):
    result = app.test_cli_runner().invoke(args=["setup", "--org-name", "测试市总工会", "--admin-username", "it",
                                                "--org-code", "CITY"])
    assert result.exit_code == 0, result.output


def _import(app, tmp_path, rows, *args, name="tree.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook_bytes(TREE_HEADERS, rows))
    return app.test_cli_runner().invoke(args=["orgs", "import", str(path), *args]), path


def _orgs(app):
    with app.app_context():
        return {o.code: (o.name, o.parent.code if o.parent else None, o.path, o.district_id, o.kind, o.subkind)
                for o in db.session.scalars(sa.select(Organization))}


def test_a_tree_with_children_before_parents_imports_and_reimports_without_change(app, tmp_path):
    _setup(app)
    rows = tree_rows(20, districts=2, federations_per_district=2)
    result, _ = _import(app, tmp_path, rows)
    assert result.exit_code == 0, result.output
    assert "新建 26" in result.output
    tree = _orgs(app)
    assert len(tree) == 27
    _, parent, path, district_id, kind, subkind = tree["TD0-F1-G1"]
    assert (parent, kind, subkind) == ("TD0-F1", "grassroots", "enterprise")
    fed_path = tree["TD0-F1"][2]
    assert path.startswith(fed_path) and tree["TD0"][1] == "CITY"
    with app.app_context():
        district = db.session.scalar(sa.select(Organization).where(Organization.code == "TD0"))
        assert district_id == district.id and district.district_id == district.id

    again, _ = _import(app, tmp_path, rows)
    assert again.exit_code == 0 and "新建 0，更新 0，未变 26" in again.output
    assert _orgs(app) == tree

    # A changed name and a changed parent update the org (and its path).
    changed = [(r[0], "改名工会", "TD1-F0", *r[3:]) if r[0] == "TD0-F1-G1" else r for r in rows]
    third, _ = _import(app, tmp_path, changed)
    assert third.exit_code == 0 and "更新 1" in third.output
    moved = _orgs(app)["TD0-F1-G1"]
    assert moved[0] == "改名工会" and moved[1] == "TD1-F0" and moved[2].startswith(_orgs(app)["TD1-F0"][2])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "org.imported")) == 3


def test_one_bad_row_imports_nothing_and_the_report_names_it(app, tmp_path):
    _setup(app)
    rows = tree_rows(6, districts=1, federations_per_district=1)
    rows[3] = (rows[3][0], rows[3][1], "NO-SUCH", *rows[3][3:])  # Excel row 5: unknown parent
    rows.append(("TD0", "重复", "", "区县总工会", "", "", "", "", ""))  # duplicate code
    rows.append(("BADCC", "信用代码错", "TD0", "街道工会联合会", "", "91150100MA0N123450", "", "", ""))
    rows.append(("BADKIND", "类型错", "TD0", "工会小组", "", "", "", "", ""))
    result, _ = _import(app, tmp_path, rows)
    assert result.exit_code == 1
    assert "5\t上级组织代码\t上级组织代码 NO-SUCH 不存在" in result.output
    assert "组织代码与第 9 行重复" in result.output
    assert "统一社会信用代码" in result.output and "组织类型应为" in result.output
    assert len(_orgs(app)) == 1  # only the federation
    report = load_workbook(io.BytesIO((tmp_path / "tree.xlsx.问题报告.xlsx").read_bytes())).active
    lines = {row[0]: row[-1] for row in report.iter_rows(min_row=2, values_only=True)}
    assert "上级组织代码 NO-SUCH 不存在" in lines[5] and not lines[2]


def test_a_cycle_is_refused(app, tmp_path):
    _setup(app)
    rows = [("A", "甲", "B", "街道工会联合会", "", "", "", "", ""), ("B", "乙", "A", "区县总工会", "", "", "", "", "")]
    result, _ = _import(app, tmp_path, rows)
    assert result.exit_code == 1 and "循环" in result.output


def test_dry_run_writes_nothing_and_the_template_has_the_headers(app, tmp_path):
    _setup(app)
    result, _ = _import(app, tmp_path, tree_rows(3, districts=1, federations_per_district=1), "--dry-run")
    assert result.exit_code == 0 and "检查通过（未写入）" in result.output and "新建 5" in result.output
    assert len(_orgs(app)) == 1
    template = tmp_path / "template.xlsx"
    assert app.test_cli_runner().invoke(args=["orgs", "template", str(template)]).exit_code == 0
    headers = next(load_workbook(template).active.iter_rows(values_only=True))
    assert headers == TREE_HEADERS
    template_run = app.test_cli_runner().invoke(args=["orgs", "import", str(template)])
    assert template_run.exit_code == 0, template_run.output
