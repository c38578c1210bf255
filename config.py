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


def _float(name, default):
    return float(_env(name, default))


def _float_list(name, default):
    return [float(part) for part in _env(name, default).split(",")]


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
    # Every wait on the database is bounded (app/database.py applies these to each connection).
    # A lock wait or statement over its limit answers 503 busy_try_again; an unreachable database
    # 503 database_unavailable. 0 switches a PostgreSQL limit off (e.g. for a long migration:
    # `DB_STATEMENT_TIMEOUT_MS=0 flask db upgrade`).
    #: PostgreSQL: seconds to establish a connection (libpq connect_timeout).
    DB_CONNECT_TIMEOUT_SECONDS = _int("DB_CONNECT_TIMEOUT_SECONDS", 3)
    #: PostgreSQL: longest single statement (statement_timeout), milliseconds.
    DB_STATEMENT_TIMEOUT_MS = _int("DB_STATEMENT_TIMEOUT_MS", 5000)
    #: PostgreSQL: longest wait for a row or table lock (lock_timeout), milliseconds.
    DB_LOCK_TIMEOUT_MS = _int("DB_LOCK_TIMEOUT_MS", 3000)
    #: PostgreSQL: a transaction left idle this long is ended by the server, releasing its locks.
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = _int("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", 10000)
    #: PostgreSQL: the client's own bound on any single wait for the server (a query, commit, rollback,
    #: the pool's ping), seconds. A server that accepts but never answers (frozen, SIGSTOPped, a
    #: hung host whose kernel still acknowledges packets) cannot be timed out by statement_timeout or
    #: TCP keepalives; this ends the wait, closes that connection and answers 503
    #: database_unavailable. Unset: the statement timeout + 5 s (off when the statement timeout is 0).
    DB_CLIENT_TIMEOUT_SECONDS = _env("DB_CLIENT_TIMEOUT_SECONDS")
    #: PostgreSQL: TCP keepalives on every connection (idle seconds before the first probe, seconds
    #: between probes, probes lost before the connection counts as dead) and libpq tcp_user_timeout
    #: (the client timeout): a vanished host or a cut network ends a connection instead of hanging.
    DB_KEEPALIVES_IDLE_SECONDS = _int("DB_KEEPALIVES_IDLE_SECONDS", 30)
    DB_KEEPALIVES_INTERVAL_SECONDS = _int("DB_KEEPALIVES_INTERVAL_SECONDS", 10)
    DB_KEEPALIVES_COUNT = _int("DB_KEEPALIVES_COUNT", 3)
    #: Seconds a request waits for a free connection from the pool (SQLAlchemy pool_timeout).
    DB_POOL_TIMEOUT_SECONDS = _float("DB_POOL_TIMEOUT_SECONDS", 5)
    #: SQLite (development): how long to wait for the write lock, milliseconds.
    SQLITE_BUSY_TIMEOUT_MS = _int("SQLITE_BUSY_TIMEOUT_MS", 5000)
    #: /readyz gives up on the database after this many seconds and answers 503.
    READYZ_TIMEOUT_SECONDS = _float("READYZ_TIMEOUT_SECONDS", 1)
    #: Retry-After (seconds) sent with 503 database_unavailable / busy_try_again.
    DB_RETRY_AFTER_SECONDS = _int("DB_RETRY_AFTER_SECONDS", 5)
    #: A failing dependency is logged at most once per kind per this many seconds (no log storm).
    INCIDENT_LOG_INTERVAL_SECONDS = _float("INCIDENT_LOG_INTERVAL_SECONDS", 60)
    REDIS_URL = _env("REDIS_URL")
    #: Redis: seconds to connect and to wait for each reply (lockout counters, rate limits, the shared
    #: access token); past it the database (lockout) or memory (rate limits) decides.
    REDIS_TIMEOUT_SECONDS = _float("REDIS_TIMEOUT_SECONDS", 0.5)

    WECHAT_MODE = _env("WECHAT_MODE", "offline")  # offline | live
    WECHAT_APPID = _env("WECHAT_APPID", "wx-dev-appid")
    WECHAT_SECRET = _env("WECHAT_SECRET", DEV_WECHAT_SECRET)
    #: Seconds to connect to WeChat and to wait for each read, on every call (the access-token
    #: fetch included); a login that must fetch the token first makes two calls.
    WECHAT_TIMEOUT_SECONDS = _float("WECHAT_TIMEOUT_SECONDS", 5)
    #: WeChat's API origin (an egress proxy in front of it, or a local fake in tests).
    WECHAT_API_BASE_URL = _env("WECHAT_API_BASE_URL", "https://api.weixin.qq.com")
    #: The mini-program page a worksite poster opens (a page listed in miniprogram/app.json).
    WECHAT_JOIN_PAGE = _env("WECHAT_JOIN_PAGE", "pages/membership/join")
    #: The public origin of this server. Offline posters carry `{PUBLIC_BASE_URL}/j/{scene}`, the URL
    #: WeChat's 扫普通链接二维码打开小程序 rule opens in the mini-program (README: the rule to register).
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    #: Offline mode: a DevTools login code that is not `dev:<name>` logs in this development user.
    OFFLINE_DEFAULT_USER = _env("OFFLINE_DEFAULT_USER", "devtools")
    #: Where the WeChat API lives (tests point a sender process at a local fake).
    WECHAT_API_BASE_URL = _env("WECHAT_API_BASE_URL", "https://api.weixin.qq.com/")
    #: Subscribe-message template ids (from the mini-program's 订阅消息 console), by template key;
    #: app/notifications/events.py says which event uses which key and which keywords it fills.
    WECHAT_TEMPLATES = {key: _env(f"WECHAT_TEMPLATE_{key.upper()}", f"dev-{key.replace('_', '-')}")
                        for key in ("application_result", "transfer_result", "membership_status",
                                    "booking_confirmed", "booking_reminder", "booking_cancelled",
                                    "signup_confirmed", "pickup_reminder", "station_closed")}

    #: The notification sender: exponential backoff from BASE, capped at CAP, at most MAX_ATTEMPTS calls.
    NOTIFICATIONS_RETRY_BASE_SECONDS = _int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
    NOTIFICATIONS_RETRY_CAP_SECONDS = _int("NOTIFICATIONS_RETRY_CAP_SECONDS", 3600)
    NOTIFICATIONS_MAX_ATTEMPTS = _int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
    #: A row still "sending" this long after its claim belongs to a sender that died mid-call.
    NOTIFICATIONS_CLAIM_LEASE_SECONDS = _int("NOTIFICATIONS_CLAIM_LEASE_SECONDS", 300)
    #: How long the long-running sender sleeps when nothing is due.
    NOTIFICATIONS_POLL_SECONDS = _int("NOTIFICATIONS_POLL_SECONDS", 5)

    WORKER_TOKEN_TTL_SECONDS = _int("WORKER_TOKEN_TTL_SECONDS", 7 * 24 * 3600)
    OFFICER_TOKEN_TTL_SECONDS = _int("OFFICER_TOKEN_TTL_SECONDS", 12 * 3600)
    #: Lifetime of the rotating member-card and pickup QR tokens (at most 60 s).
    QR_TOKEN_TTL_SECONDS = min(_int("QR_TOKEN_TTL_SECONDS", 60), 60)
    #: werkzeug's generate_password_hash method for officer passwords (werkzeug's default, scrypt).
    #: Tests set a cheap one; production refuses anything weaker than werkzeug's defaults.
    PASSWORD_HASH_METHOD = _env("PASSWORD_HASH_METHOD", "scrypt")
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    #: Seconds the federation's figures (dashboard, 统计报表, /api/v1/admin/stats) are reused per
    #: officer scope, subtree and period in each process (at a city's scale they read every member in
    #: scope); the pages say when they were counted. 0 counts on every view.
    FIGURES_CACHE_SECONDS = _int("FIGURES_CACHE_SECONDS", 60)
    LOGIN_LOCK_SECONDS = _int("LOGIN_LOCK_SECONDS", 15 * 60)
    LEGAL_AID_CANCEL_HOURS_BEFORE = _int("LEGAL_AID_CANCEL_HOURS_BEFORE", 2)
    #: A worker holds at most this many upcoming bookings at once, across every reception day.
    LEGAL_AID_MAX_ACTIVE_BOOKINGS = _int("LEGAL_AID_MAX_ACTIVE_BOOKINGS", 2)
    #: After this many cancellations on one reception day the worker cannot book that day again.
    LEGAL_AID_MAX_CANCELLATIONS_PER_DAY = _int("LEGAL_AID_MAX_CANCELLATIONS_PER_DAY", 2)

    # -- Abuse: sign-in lockout, rate limits, proxy (see docs/capacity.md and deploy/) --
    #: Failures of one username from one client address before that address must wait; the wait
    #: starts at LOGIN_BASE_DELAY_SECONDS and doubles with each further failure, up to LOGIN_LOCK_SECONDS.
    LOGIN_BASE_DELAY_SECONDS = _int("LOGIN_BASE_DELAY_SECONDS", 60)
    #: Failures from one client address, whatever the usernames, before that address must wait.
    LOGIN_MAX_FAILURES_PER_IP = _int("LOGIN_MAX_FAILURES_PER_IP", 20)
    #: Failures older than this are forgotten.
    LOGIN_FAILURE_WINDOW_SECONDS = _int("LOGIN_FAILURE_WINDOW_SECONDS", 24 * 3600)
    #: Legal aid at the desk: check-in, no-show and a booking's outcome are accepted from this many
    #: minutes before its slot starts (one window for all three).
    LEGAL_AID_DESK_OPENS_MINUTES = _int("LEGAL_AID_DESK_OPENS_MINUTES", 30)
    #: Applications waiting longer than this many days are highlighted in the officers' queue.
    QUEUE_WAIT_LIMIT_DAYS = _int("QUEUE_WAIT_LIMIT_DAYS", 15)
    #: The federation's city: a station placed outside this box (GCJ-02 degrees: min lng, min lat, max lng,
    #: max lat) is saved only when the officer confirms it (a typo such as Beijing's 116.4, 39.9 is caught).
    CITY_NAME = _env("CITY_NAME", "呼和浩特市")
    CITY_BOUNDS = tuple(_float_list("CITY_BOUNDS", "110.4,39.6,112.2,41.5"))
    #: Proxies in front of the app whose X-Forwarded-For / -Proto / -Host we trust (nginx alone: 1).
    TRUSTED_PROXY_HOPS = _int("TRUSTED_PROXY_HOPS", 0)
    #: Flask-Limiter: Redis when REDIS_URL is set (shared by every worker and instance), else memory.
    RATELIMIT_ENABLED = _env("RATELIMIT_ENABLED", "1") == "1"
    #: Unset: REDIS_URL when given, else "memory://" (per process: fine for one worker and for tests).
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI")
    #: Limits ("N per minute;M per hour", the `limits` notation), per worker or officer and per client IP.
    #: Per-IP limits stay generous: many workers share one carrier-grade NAT address.
    RATE_LIMIT_WORKER_LOGIN_PER_IP = _env("RATE_LIMIT_WORKER_LOGIN_PER_IP", "120 per minute")
    RATE_LIMIT_OFFICER_LOGIN_PER_IP = _env("RATE_LIMIT_OFFICER_LOGIN_PER_IP", "30 per minute;300 per hour")
    RATE_LIMIT_PHONE_BIND_PER_WORKER = _env("RATE_LIMIT_PHONE_BIND_PER_WORKER", "5 per hour")
    RATE_LIMIT_APPLICATION_PER_WORKER = _env("RATE_LIMIT_APPLICATION_PER_WORKER", "5 per hour;10 per day")
    RATE_LIMIT_APPLICATION_PER_IP = _env("RATE_LIMIT_APPLICATION_PER_IP", "60 per hour")
    RATE_LIMIT_BOOKING_PER_WORKER = _env("RATE_LIMIT_BOOKING_PER_WORKER", "5 per hour;10 per day")
    RATE_LIMIT_BOOKING_PER_IP = _env("RATE_LIMIT_BOOKING_PER_IP", "60 per hour")
    RATE_LIMIT_SIGNUP_PER_WORKER = _env("RATE_LIMIT_SIGNUP_PER_WORKER", "10 per minute;30 per day")
    RATE_LIMIT_SIGNUP_PER_IP = _env("RATE_LIMIT_SIGNUP_PER_IP", "600 per minute")
    #: Pickup and card codes typed or scanned by station staff: enough for a queue, not for guessing.
    RATE_LIMIT_CODE_CHECK_PER_OFFICER = _env("RATE_LIMIT_CODE_CHECK_PER_OFFICER", "60 per minute")
    RATE_LIMIT_CODE_CHECK_PER_IP = _env("RATE_LIMIT_CODE_CHECK_PER_IP", "120 per minute")

    # -- Operational signals --
    #: /metrics: open to these client addresses (comma-separated) or to `Authorization: Bearer
    #: METRICS_TOKEN`; with neither set it is open outside production and closed in production.
    METRICS_ALLOWED_IPS = _env("METRICS_ALLOWED_IPS", "")
    METRICS_TOKEN = _env("METRICS_TOKEN")

    #: Row locks on stock, places and decisions (app/locking.py). Only the concurrency control
    #: tests switch them off, to show the race they guard against; production refuses False.
    RACE_LOCKS_ENABLED = True

    #: PIPL Art. 47: a worker's deletion request is carried out within this many days (officers may go sooner).
    PRIVACY_ERASURE_DAYS = _int("PRIVACY_ERASURE_DAYS", 15)
    #: Rejected or withdrawn applications keep their personal data this many days after the decision.
    PRIVACY_RETENTION_DAYS = _int("PRIVACY_RETENTION_DAYS", 180)

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


def _weak_password_hash(method):
    """True for a method cheaper than werkzeug's defaults (scrypt n=2**15; pbkdf2 1,000,000 rounds)
    or not one werkzeug knows; a cost left out means werkzeug's default."""
    name, *args = str(method).split(":")
    try:
        if name == "scrypt":
            return len(args) > 0 and int(args[0]) < 2**15
        if name == "pbkdf2":
            return len(args) > 1 and int(args[1]) < 1_000_000
    except ValueError:
        return True
    return True


def check_production_settings(settings):
    """Raise ConfigurationError with a one-line reason if production runs on dev defaults."""
    if settings.get("APP_ENV") != "production":
        return
    left = [name for name, dev in _DEV_DEFAULTS.items() if settings.get(name) == dev]
    if left:
        raise ConfigurationError(
            f"APP_ENV=production but {', '.join(left)} still at the development default; set them"
        )
    if not settings.get("RACE_LOCKS_ENABLED", True):
        raise ConfigurationError("APP_ENV=production requires RACE_LOCKS_ENABLED (the row locks are for tests only off)")
    if settings.get("WECHAT_MODE") != "live":
        raise ConfigurationError("APP_ENV=production requires WECHAT_MODE=live (offline stand-in refused)")
    if str(settings.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        raise ConfigurationError("APP_ENV=production requires DATABASE_URL pointing at PostgreSQL")
    if _weak_password_hash(settings.get("PASSWORD_HASH_METHOD", "scrypt")):
        raise ConfigurationError("APP_ENV=production requires PASSWORD_HASH_METHOD of at least werkzeug's default cost")
