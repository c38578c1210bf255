"""`flask privacy erase-due`: run by the background worker (or cron) to carry out due deletion requests."""
import click
from flask import Flask

from app.extensions import db
from app.privacy.services import erase_due


def register_commands(app: Flask):
    @app.cli.group()
    def privacy():
        """Personal data: deletion requests."""

    @privacy.command("erase-due")
    def privacy_erase_due():
        """Erase every deletion request past its due date (idempotent; safe to run concurrently)."""
        erased = erase_due()
        db.session.commit()
        for request in erased:
            click.echo(f"已注销：申请 #{request.id}（{request.summary}）")
        click.echo(f"本次办理注销 {len(erased)} 件")
