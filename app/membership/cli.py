"""`flask members import FILE [--dry-run]` and `flask members template FILE.xlsx`: an existing roster."""
from app.import_cli import add_sheet_commands
from app.membership import imports


def register(app):
    @app.cli.group()
    def members():
        """The member roster."""

    add_sheet_commands(
        members, imports=imports, run_import=imports.import_roster, progress_label="写入会员",
        summary=lambda r: f"新建会员 {r.created}", hide=imports.mask_id_in_report,
        template_help="Write an empty roster template (.xlsx) with the Chinese headers and an example row.",
        import_help="Import an existing roster from .xlsx / .csv: all or nothing; ID numbers encrypted on the way in.")
