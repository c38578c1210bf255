"""The `template` and `import` commands every sheet import offers (`flask orgs …`, `flask members …`):
a progress bar, all or nothing, a printed and an .xlsx report of the bad rows, a dry run."""
import sys
from pathlib import Path

import click

from app.errors import DomainError
from app.extensions import db
from app.sheets import problems_table, report_workbook, template_workbook


class ProgressBar:
    """click's progress bar, opened once the importer knows how many rows it writes."""

    def __init__(self, label):
        self.label, self.bar, self.shown = label, None, 0

    def __call__(self, done, total):
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self):
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def report_problems(result, path, hide=None):
    """Print the report and write it as .xlsx beside the file (or where --report says)."""
    click.echo(f"发现 {len(result.problems)} 个问题，未导入任何数据：")
    click.echo(problems_table(result.problems, limit=200))
    Path(path).write_bytes(report_workbook(result.sheet, result.problems, hide=hide))
    click.echo(f"Excel 报告：{path}（改正后可直接重新导入）")


def add_sheet_commands(group, *, imports, run_import, progress_label, summary, hide=None,
                       template_help, import_help):
    """`template PATH` (the headers and an example row) and `import PATH [--dry-run] [--report]` on `group`.

    `run_import(content, filename, dry_run=, progress=)` returns a result with ok, problems, sheet, rows;
    `summary(result)` is the closing line's figures."""

    @group.command("template", help=template_help)
    @click.argument("path", type=click.Path(dir_okay=False))
    def template(path):
        Path(path).write_bytes(template_workbook(imports.HEADERS, imports.EXAMPLE))
        click.echo(f"已生成导入模板：{path}")

    @group.command("import", help=import_help)
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="只检查，不写入")
    @click.option("--report", "report_path", default=None, help="问题报告 .xlsx 的位置")
    def import_sheet(path, dry_run, report_path):
        bar = ProgressBar(progress_label)
        try:
            result = run_import(Path(path).read_bytes(), path, dry_run=dry_run, progress=bar)
        except DomainError as exc:
            db.session.rollback()
            details = "; ".join(f"{''.join(v)}" for v in exc.fields.values())
            raise click.ClickException(f"{exc.message} {details}".strip()) from None
        finally:
            bar.close()
        if not result.ok:
            db.session.rollback()
            report_problems(result, report_path or f"{path}.问题报告.xlsx", hide=hide)
            raise SystemExit(1)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        verb = "检查通过（未写入）" if dry_run else "导入完成"
        click.echo(f"{verb}：{result.rows} 行，{summary(result)}")
