"""Command line: `flask --app wsgi demo load`, `flask --app wsgi officer create …`."""
import click
from flask import Flask

from app.auth.roles import ALL_ROLES
from app.auth.services import create_officer
from app.demo import load_demo
from app.errors import DomainError
from app.extensions import db
from app.notifications.cli import bp as notifications_cli
from app.privacy.cli import register_commands as register_privacy_commands


def register_commands(app: Flask):
    app.register_blueprint(notifications_cli)  # `flask notifications run [--once]`
    register_privacy_commands(app)

    @app.cli.group()
    def demo():
        """Demo data."""

    @demo.command("load")
    def demo_load():
        """Load the demo hierarchy, officers and domain data (safe to run again)."""
        summary = load_demo(echo=click.echo)
        db.session.commit()
        click.echo(f"演示数据已就绪：{summary}")

    @app.cli.group()
    def officer():
        """Officer accounts."""

    @officer.command("create")
    @click.option("--username", required=True)
    @click.option("--password", required=True)
    @click.option("--org-id", required=True, type=int)
    @click.option("--role", required=True, type=click.Choice(ALL_ROLES))
    @click.option("--station-id", type=int, default=None)
    @click.option("--display-name", default=None)
    def officer_create(username, password, org_id, role, station_id, display_name):
        """Create an officer account with a role and a scope org."""
        try:
            created = create_officer(username, password, role, org_id, station_id=station_id,
                                     display_name=display_name)
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            details = "; ".join(f"{k}: {''.join(v)}" for k, v in exc.fields.items())
            raise click.ClickException(f"{exc.message} {details}".strip()) from None
        click.echo(f"已创建工作人员 {created.username}（{created.role}，id={created.id}）")
