"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi …`."""
import sys

from app import create_app
from config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as exc:
    # One line, no traceback: the operator should see at once what to fix.
    sys.exit(f"拒绝启动：{exc}")
