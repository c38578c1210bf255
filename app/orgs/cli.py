"""`flask orgs import FILE [--dry-run]` and `flask orgs template FILE.xlsx`: the union tree from a sheet."""
from app.import_cli import add_sheet_commands
from app.orgs import imports


def register(app):
    @app.cli.group()
    def orgs():
        """The union tree."""

    add_sheet_commands(
        orgs, imports=imports, run_import=imports.import_tree, progress_label="写入组织",
        summary=lambda r: f"新建 {r.created}，更新 {r.updated}，未变 {r.unchanged}",
        template_help="Write an empty import template (.xlsx) with the Chinese headers and example rows.",
        import_help="Import the union tree from .xlsx / .csv: all or nothing, idempotent by 组织代码.")
