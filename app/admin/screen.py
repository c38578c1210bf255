"""Putting the officer screen together: the shell's pages, every domain's pages, template helpers."""
from flask import redirect, url_for

from app.admin import template_helpers, web_accounts, web_home, web_session  # noqa: F401  (attach their pages to web.bp)
from app.admin.web import bp


def init_app(app, domain_blueprints):
    """Register the shell and the domains' page blueprints (app/<domain>/web.py) under /admin."""
    app.register_blueprint(bp)
    for blueprint in domain_blueprints:
        app.register_blueprint(blueprint)
    template_helpers.register(app)

    @app.get("/")
    def root():
        return redirect(url_for("admin_web.dashboard"))
