"""`flask members import FILE [--dry-run]` and `flask members template FILE.xlsx`: an existing roster."""
from pathlib import Path

import click

from app.errors import DomainError
from app.extensions import db
from app.membership import imports
from app.sheets import template_workbook


def register(app, progress_bar, report_problems):
    @app.cli.group()
    def members():
        """The member roster."""

    @members.command("template")
    @click.argument("path", type=click.Path(dir_okay=False))
    def members_template(path):
        """Write an empty roster template (.xlsx) with the Chinese headers and an example row."""
        Path(path).write_bytes(template_workbook(imports.HEADERS, imports.EXAMPLE))
        click.echo(f"已生成导入模板：{path}")

    @members.command("import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="只检查，不写入")
    @click.option("--report", "report_path", default=None, help="问题报告 .xlsx 的位置")
    def members_import(path, dry_run, report_path):
        """Import an existing roster from .xlsx / .csv: all or nothing; ID numbers encrypted on the way in."""
        bar = progress_bar("写入会员")
        try:
            result = imports.import_roster(Path(path).read_bytes(), path, dry_run=dry_run, progress=bar)
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
        finally:
            bar.close()
        if not result.ok:
            db.session.rollback()
            report_problems(result, report_path or f"{path}.问题报告.xlsx", hide=imports.mask_id_in_report)
            raise SystemExit(1)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        verb = "检查通过（未写入）" if dry_run else "导入完成"
        click.echo(f"{verb}：{result.rows} 行，新建会员 {result.created}")
