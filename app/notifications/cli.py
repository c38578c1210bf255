"""`flask notifications run [--once]`: the sender, long-running or one pass (cron, tests)."""
import signal

import click
from flask import Blueprint

from app.notifications import sender

bp = Blueprint("notifications_cli", __name__, cli_group="notifications")


@bp.cli.command("run")
@click.option("--once", is_flag=True, help="One pass over the messages due now, then exit.")
def run(once):
    """Deliver due notifications as WeChat subscribe messages (every event is in the inbox anyway)."""
    if once:
        summary = sender.run_once()
        click.echo(f"sent={summary.sent} inbox_only={summary.inbox_only} refused={summary.refused} "
                   f"retrying={summary.retrying} failed={summary.failed} interrupted={summary.interrupted}")
        return
    stopping = []

    def stop(_signum, _frame):
        stopping.append(True)  # finish the message in hand, then leave

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo("notifications sender running (Ctrl-C to stop)")
    sender.run_forever(lambda: bool(stopping))
