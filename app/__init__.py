"""Application factory: extensions, blueprints, error handlers — nothing else."""
import logging
from importlib import import_module

from flask import Flask

from config import Config, check_production_settings

#: Domains whose `views.blueprints` make up the JSON API.
API_DOMAINS = ("auth", "orgs", "membership", "cards", "legal_aid", "campaigns", "admin")


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

    for domain in API_DOMAINS:
        for blueprint in import_module(f"app.{domain}.views").blueprints:
            api.register_blueprint(blueprint)
    from app import health
    from app.admin import web as admin_web

    app.register_blueprint(health.bp)
    admin_web.init_app(app)
    register_error_handlers(app)

    from app import observability, throttling
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config.get("TRUSTED_PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    observability.init_app(app)
    throttling.init_app(app)

    from app.cli import register_commands

    register_commands(app)
    return app
