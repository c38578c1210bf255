"""Application factory: extensions, blueprints, error handlers — nothing else."""
import logging
from importlib import import_module

from flask import Flask

from config import Config, check_production_settings

#: Modules whose `blueprints` make up the JSON API.
API_MODULES = ("auth.views", "orgs.views", "membership.views", "cards.views", "legal_aid.views",
               "legal_aid.admin_views", "campaigns.views", "admin.views", "notifications.views")
#: Domains whose `web.bp` pages join the officer screen's shell (app/admin).
WEB_DOMAINS = ("membership", "legal_aid", "campaigns", "notifications")


def create_app(overrides=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if overrides:
        app.config.update(overrides)
    check_production_settings(app.config)
    app.json.ensure_ascii = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from app import models  # noqa: F401  (every table registered for migrations)
    from app.errors import register_error_handlers
    from app.extensions import api, db, migrate
    from app.wechat import make_gateway

    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer"}}}})
    app.extensions["wechat"] = make_gateway(app.config)

    @app.teardown_request
    def end_transaction(_exc):
        # A request that answered with an error never committed: release its transaction (and on
        # SQLite its write lock) now, even when an outer app context keeps the session alive.
        db.session.rollback()

    for module in API_MODULES:
        for blueprint in import_module(f"app.{module}").blueprints:
            api.register_blueprint(blueprint)
    from app import health
    from app.admin import screen
    from app.admin.web import render_error_page

    app.register_blueprint(health.bp)
    screen.init_app(app, [import_module(f"app.{domain}.web").bp for domain in WEB_DOMAINS])
    register_error_handlers(app, html_error_page=render_error_page)

    from app.cli import register_commands

    register_commands(app)
    return app
