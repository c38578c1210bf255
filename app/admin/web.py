"""The officer approval screen (server-rendered, under /admin)."""


def init_app(app):
    """Register the web screen's blueprint, CSRF protection and session handling."""
