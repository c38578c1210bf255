"""`flask privacy erase-due` and `flask privacy purge`: run by the background worker (or cron)."""
import click
from flask import Flask

from app.errors import DomainError
from app.extensions import db
from app.privacy.services import erase_due, publish_consent_text, purge_expired
from app.timeutil import as_aware, utcnow


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

    @privacy.command("consent-publish")
    @click.option("--version", "version", required=True, help="如 2027-01；申请中记录的版本号")
    @click.option("--title", required=True)
    @click.option("--file", "path", required=True, type=click.Path(exists=True, dir_okay=False))
    @click.option("--in-force-from", type=click.DateTime(), default=None, help="生效时间（北京时间），默认现在")
    def privacy_consent_publish(version, title, path, in_force_from):
        """Store a new version of the consent notice word for word (a published version never changes)."""
        with open(path, encoding="utf-8") as handle:
            body = handle.read().strip()
        try:
            text = publish_consent_text(version, title, body, as_aware(in_force_from) if in_force_from else utcnow())
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
        click.echo(f"已发布告知书 {text.version}（SHA-256 {text.sha256}）")
