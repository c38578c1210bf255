"""Command line: `flask --app wsgi demo load`, `flask --app wsgi officer create …`, and going live:
`flask setup`, `flask keys generate`."""
import base64
import secrets
import sys

import click
import sqlalchemy as sa
from flask import Flask, current_app

from app.auth.roles import ALL_ROLES
from app.auth.services import create_officer
from app.auth.setup import set_up_federation
from app.demo import load_demo
from app.errors import DomainError
from app.extensions import db
from app.membership import cli as members_cli
from app.notifications.cli import bp as notifications_cli
from app.orgs import cli as orgs_cli
from app.orgs.pickers import org_id_by_code
from app.personal_data import reencrypt_text
from app.privacy.cli import register_commands as register_privacy_commands


def register_commands(app: Flask):
    app.register_blueprint(notifications_cli)  # `flask notifications run [--once]`
    register_privacy_commands(app)
    orgs_cli.register(app)
    members_cli.register(app)

    @app.cli.group()
    def demo():
        """Demo data."""

    @demo.command("load")
    def demo_load():
        """Load the demo hierarchy, officers and domain data (safe to run again)."""
        if current_app.config.get("APP_ENV") == "production":
            # Demo accounts share a published password: never in a real federation's database.
            raise click.ClickException("APP_ENV=production：演示数据仅用于开发环境，拒绝加载")
        summary = load_demo(echo=click.echo)
        db.session.commit()
        click.echo(f"演示数据已就绪：{summary}")

    @app.cli.group()
    def officer():
        """Officer accounts."""

    @officer.command("create")
    @click.option("--username", required=True)
    @click.option("--password", required=True)
    @click.option("--org-id", type=int, default=None, help="所属组织的 id")
    @click.option("--org-code", default=None, help="或所属组织的组织代码")
    @click.option("--role", required=True, type=click.Choice(ALL_ROLES))
    @click.option("--station-id", type=int, default=None)
    @click.option("--display-name", default=None)
    def officer_create(username, password, org_id, org_code, role, station_id, display_name):
        """Create an officer account with a role and a scope org (by id or 组织代码)."""
        if org_code is not None:
            org_id = org_id_by_code(org_code.strip())
        try:
            created = create_officer(username, password, role, org_id, station_id=station_id,
                                     display_name=display_name, must_change=True)
            db.session.commit()
        except DomainError as exc:
            _refuse(exc)
        click.echo(f"已创建工作人员 {created.username}（{created.role}，id={created.id}），首次登录须修改密码")

    @app.cli.command("setup")
    @click.option("--org-name", required=True, help="市总工会的名称")
    @click.option("--admin-username", required=True, help="首个市总管理员的用户名")
    @click.option("--org-code", default=None, help="市总工会的组织代码（导入时上级组织代码可用它）")
    @click.option("--password-stdin", is_flag=True, help="从标准输入读取管理员的初始密码")
    def setup(org_name, admin_username, org_code, password_stdin):
        """First start on an empty database: the city federation and its first city admin."""
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
        try:
            federation, admin, password = set_up_federation(org_name, admin_username, org_code=org_code,
                                                            password=password)
            db.session.commit()
        except DomainError as exc:
            _refuse(exc)
        click.echo(f"已创建 {federation.name}（组织代码 {federation.code}）与市总管理员 {admin.username}")
        if not password_stdin:
            click.echo(f"初始密码（只显示这一次）：{password}")
        click.echo("首次登录须修改密码。")

    @app.cli.group()
    def keys():
        """Secrets."""

    @keys.command("generate")
    def keys_generate():
        """Print fresh values for every secret in config.py, as lines of an environment file."""
        for name, value in generate_secrets().items():
            click.echo(f"{name}={value}")
        click.echo("# WECHAT_SECRET 来自微信公众平台（开发管理 → 开发设置），不能生成。")

    @keys.command("rotate-field-key")
    @click.option("--batch", default=1000, show_default=True, help="每批重新加密的行数（每批提交一次）")
    def keys_rotate_field_key(batch):
        """Re-encrypt every encrypted column with FIELD_ENCRYPTION_KEY (old keys in FIELD_ENCRYPTION_OLD_KEYS)."""
        for table, column in ENCRYPTED_COLUMNS:
            done = rotate_column(table, column, batch)
            click.echo(f"{table}.{column}：已用新密钥重新加密 {done} 行")
        click.echo("完成。确认服务正常后，可从环境中删除 FIELD_ENCRYPTION_OLD_KEYS。")


#: Every column that holds a value sealed by app.personal_data.encrypt_text.
ENCRYPTED_COLUMNS = (("membership_applications", "id_number_encrypted"), ("members", "id_number_encrypted"),
                     ("users", "session_key_encrypted"))


def rotate_column(table, column, batch):
    """Re-seal one column with the current key, `batch` rows per committed transaction (safe to rerun)."""
    rows = sa.table(table, sa.column("id"), sa.column(column))
    done, last_id = 0, 0
    while True:
        chunk = db.session.execute(sa.select(rows.c.id, rows.c[column])
                                   .where(rows.c.id > last_id, rows.c[column].is_not(None))
                                   .order_by(rows.c.id).limit(batch)).all()
        if not chunk:
            return done
        for row_id, stored in chunk:
            db.session.execute(sa.update(rows).where(rows.c.id == row_id).values({column: reencrypt_text(stored)}))
        db.session.commit()
        done, last_id = done + len(chunk), chunk[-1][0]


def generate_secrets():
    """Fresh secrets for production: the same shapes as config.py's development defaults."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FIELD_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(48),
        "SIGNING_KEY_SEED": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
    }


def _refuse(exc):
    """A DomainError as a command-line refusal: nothing written, the message and per-field reasons."""
    db.session.rollback()
    details = "; ".join(f"{k}: {''.join(v)}" for k, v in exc.fields.items())
    raise click.ClickException(f"{exc.message} {details}".strip()) from None
