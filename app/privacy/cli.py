"""`flask privacy erase-due` and `flask privacy purge`: run by the background worker (or cron)."""
import click
from flask import Flask

from app.extensions import db
from app.privacy.services import erase_due, purge_expired


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

    @privacy.command("purge")
    def privacy_purge():
        """Retention: erase the personal data of old rejected / withdrawn applications and of due
        deletion requests (idempotent; the background worker runs it daily)."""
        erased = erase_due()
        purged = purge_expired()
        db.session.commit()
        click.echo(f"注销申请到期办理 {len(erased)} 件；超过 {purged['retention_days']} 天的已退回或已撤回入会申请"
                   f"清除个人信息 {purged['applications']} 份")
