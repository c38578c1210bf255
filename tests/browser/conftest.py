"""The real app served on 127.0.0.1 (a free port) for headless Chromium, driven by Playwright.

Its own SQLite file, migrated with the real migrations and arranged through services and
factories once per run. Fixture names avoid `app`, so tests/conftest.py's per-test table
cleanup never runs here: the browser stories share one arranged database.
"""
import os
import tempfile
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests import factories

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def frozen_now():
    """The browser stories run on the real clock: Chromium, in its own process, keeps real time."""
    return None


@pytest.fixture(scope="session")
def web_app():
    from flask_migrate import upgrade

    from tests.browser.arrange import arrange

    folder = tempfile.mkdtemp(prefix="worker-services-browser-")
    # Every story signs in from 127.0.0.1, some several times, within a minute or two: well past the
    # production limit of officer sign-ins per address (tests/test_throttling.py covers that limit).
    application = create_app({"TESTING": True, "WECHAT_MODE": "offline", "REDIS_URL": None,
                              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/browser.sqlite3",
                              "RATE_LIMIT_OFFICER_LOGIN_PER_IP": "600 per minute"})
    with application.app_context():
        upgrade()
        application.config["ARRANGED"] = arrange()
        db.session.commit()
        db.session.remove()
    return application


@pytest.fixture(scope="session")
def base_url(web_app):
    server = make_server("127.0.0.1", 0, web_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def arranged(web_app):
    """Names and ids of what arrange() created (officers, applications…)."""
    return web_app.config["ARRANGED"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def new_page(browser, base_url):
    """new_page(width=1280) → a page in a fresh browser context (own cookies), closed afterwards."""
    contexts = []

    def open_page(width=1280, height=900, **kwargs):
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height},
                                      locale="zh-CN", accept_downloads=True, **kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page, username, password=factories.PASSWORD):
    page.goto("/admin/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
