"""Settings from environment variables, with safe development defaults.

`APP_ENV=production` refuses to start while any secret is left at its development default
or WeChat runs on the offline stand-in (see `check_production_settings`).
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

#: Development defaults. Production must override every one of them.
DEV_SECRET_KEY = "dev-secret-key-not-for-production"
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LWZpZWxkLWtleS1ub3QtZm9yLXByb2R1Y3Rpb24="  # base64 of 32 bytes
DEV_BLIND_INDEX_KEY = "dev-blind-index-key-not-for-production"
DEV_SIGNING_SEED = "ZGV2LWVkMjU1MTktc2VlZC1ub3QtZm9yLXByb2R1Y3Q="  # base64 of 32 bytes
DEV_WECHAT_SECRET = "dev-wechat-secret"


def _env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def _int(name, default):
    return int(_env(name, default))


class Config:
    APP_ENV = _env("APP_ENV", "development")
    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET_KEY)
    #: AES-GCM key (base64, 32 bytes) for personal data at rest (ID numbers).
    FIELD_ENCRYPTION_KEY = _env("FIELD_ENCRYPTION_KEY", DEV_FIELD_ENCRYPTION_KEY)
    #: Earlier FIELD_ENCRYPTION_KEYs (comma-separated), still read while `flask keys rotate-field-key`
    #: re-encrypts the data with the current one; empty once the rotation is done.
    FIELD_ENCRYPTION_OLD_KEYS = [k.strip() for k in _env("FIELD_ENCRYPTION_OLD_KEYS", "").split(",") if k.strip()]
    #: HMAC key for blind indexes (duplicate lookup without decrypting).
    BLIND_INDEX_KEY = _env("BLIND_INDEX_KEY", DEV_BLIND_INDEX_KEY)
    #: Ed25519 seed (base64, 32 bytes) that signs member-card and pickup QR tokens.
    SIGNING_KEY_SEED = _env("SIGNING_KEY_SEED", DEV_SIGNING_SEED)

    SQLALCHEMY_DATABASE_URI = _env(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'worker_services.sqlite3'}"
    )
    # hide_parameters: a logged database error must not carry the values (phones, names) it was given.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": _env("DB_POOL_PRE_PING", "1") == "1", "pool_recycle": 1800,
                                 "hide_parameters": True}
    REDIS_URL = _env("REDIS_URL")

    WECHAT_MODE = _env("WECHAT_MODE", "offline")  # offline | live
    WECHAT_APPID = _env("WECHAT_APPID", "wx-dev-appid")
    WECHAT_SECRET = _env("WECHAT_SECRET", DEV_WECHAT_SECRET)
    WECHAT_TIMEOUT_SECONDS = _int("WECHAT_TIMEOUT_SECONDS", 5)
    #: The mini-program page a worksite poster opens.
    WECHAT_JOIN_PAGE = _env("WECHAT_JOIN_PAGE", "pages/join/join")

    WORKER_TOKEN_TTL_SECONDS = _int("WORKER_TOKEN_TTL_SECONDS", 7 * 24 * 3600)
    OFFICER_TOKEN_TTL_SECONDS = _int("OFFICER_TOKEN_TTL_SECONDS", 12 * 3600)
    #: Lifetime of the rotating member-card and pickup QR tokens (at most 60 s).
    QR_TOKEN_TTL_SECONDS = min(_int("QR_TOKEN_TTL_SECONDS", 60), 60)
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    LOGIN_LOCK_SECONDS = _int("LOGIN_LOCK_SECONDS", 15 * 60)
    LEGAL_AID_CANCEL_HOURS_BEFORE = _int("LEGAL_AID_CANCEL_HOURS_BEFORE", 2)

    MAX_CONTENT_LENGTH = 1024 * 1024  # bodies over 1 MiB get 413

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = APP_ENV == "production"
    ADMIN_IDLE_TIMEOUT_SECONDS = _int("ADMIN_IDLE_TIMEOUT_SECONDS", 30 * 60)
    ADMIN_ABSOLUTE_TIMEOUT_SECONDS = _int("ADMIN_ABSOLUTE_TIMEOUT_SECONDS", 12 * 3600)

    API_TITLE = "职工服务 API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    #: Served by the app itself (no CDN): see app/static/swagger-ui/.
    OPENAPI_SWAGGER_UI_URL = "/static/swagger-ui/"


_DEV_DEFAULTS = {
    "SECRET_KEY": DEV_SECRET_KEY,
    "FIELD_ENCRYPTION_KEY": DEV_FIELD_ENCRYPTION_KEY,
    "BLIND_INDEX_KEY": DEV_BLIND_INDEX_KEY,
    "SIGNING_KEY_SEED": DEV_SIGNING_SEED,
    "WECHAT_SECRET": DEV_WECHAT_SECRET,
}


class ConfigurationError(RuntimeError):
    """The settings are unsafe for the environment they are used in."""


def check_production_settings(settings):
    """Raise ConfigurationError with a one-line reason if production runs on dev defaults."""
    if settings.get("APP_ENV") != "production":
        return
    left = [name for name, dev in _DEV_DEFAULTS.items() if settings.get(name) == dev]
    if left:
        raise ConfigurationError(
            f"APP_ENV=production but {', '.join(left)} still at the development default; set them"
        )
    if settings.get("WECHAT_MODE") != "live":
        raise ConfigurationError("APP_ENV=production requires WECHAT_MODE=live (offline stand-in refused)")
    if str(settings.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        raise ConfigurationError("APP_ENV=production requires DATABASE_URL pointing at PostgreSQL")
