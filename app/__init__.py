"""Application factory: extensions, blueprints, error handlers — nothing else."""
import logging

from flask import Flask

from config import Config, check_production_settings


def create_app(overrides=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if overrides:
        app.config.update(overrides)
    check_production_settings(app.config)
    # Imported here, not at the top: `import app.<anything>` runs this package first, and a
    # single module (a label table, a migration, a script) must not load the whole application.
    from werkzeug.middleware.proxy_fix import ProxyFix

    from app import health, models, observability, request_guards, throttling  # noqa: F401  (models: every table registered)
    from app.admin import screen
    from app.admin import views as admin_views
    from app.admin.web import render_error_page
    from app.auth import staff_views
    from app.auth import views as auth_views
    from app.auth import web as auth_web
    from app.campaigns import views as campaigns_views
    from app.campaigns import web as campaigns_web
    from app.cards import views as cards_views
    from app.cards import web as cards_web
    from app.cli import register_commands
    from app.database import bound_client_waits, client_timeout, engine_options
    from app.errors import register_error_handlers
    from app.extensions import api, db, migrate
    from app.labels import views as labels_views
    from app.legal_aid import admin_views as legal_aid_admin_views
    from app.legal_aid import views as legal_aid_views
    from app.legal_aid import web as legal_aid_web
    from app.membership import join_link
    from app.membership import views as membership_views
    from app.membership import web as membership_web
    from app.notifications import views as notifications_views
    from app.notifications import web as notifications_web
    from app.orgs import admin_views as orgs_admin_views
    from app.orgs import views as orgs_views
    from app.orgs import web as orgs_web
    from app.privacy import views as privacy_views
    from app.privacy import web as privacy_web
    from app.reports import web as reports_web
    from app.wechat import make_gateway

    # The JSON API's blueprints, and the domains whose pages join the officer screen's shell.
    api_modules = (auth_views, orgs_views, membership_views, cards_views, legal_aid_views, legal_aid_admin_views,
                   campaigns_views, admin_views, labels_views, notifications_views, privacy_views, orgs_admin_views,
                   staff_views)
    web_modules = (membership_web, legal_aid_web, campaigns_web, cards_web, notifications_web, privacy_web, auth_web,
                   orgs_web, reports_web)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)  # every database wait bounded
    app.json.ensure_ascii = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    db.init_app(app)
    with app.app_context():
        bound_client_waits(db.engine, client_timeout(app.config))  # a frozen database cannot hold a thread
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer"}}}})
    app.extensions["wechat"] = make_gateway(app.config)
    request_guards.init_app(app)

    @app.teardown_request
    def end_transaction(_exc):
        # A request that answered with an error never committed: release its transaction (and on
        # SQLite its write lock) now, even when an outer app context keeps the session alive.
        db.session.rollback()

    for module in api_modules:
        for blueprint in module.blueprints:
            api.register_blueprint(blueprint)
    app.register_blueprint(health.bp)
    app.register_blueprint(join_link.bp)
    screen.init_app(app, [module.bp for module in web_modules])
    register_error_handlers(app, html_error_page=render_error_page)

    # Behind a reverse proxy the client address comes from X-Forwarded-For, trusted for this many hops.
    hops = app.config.get("TRUSTED_PROXY_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    observability.init_app(app)
    throttling.init_app(app)
    register_commands(app)
    return app
