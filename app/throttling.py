"""Request rate limits (Flask-Limiter) on the endpoints a script would hammer.

Each limited endpoint counts per client address and, where someone is signed in, per worker or
officer; the limits are strings in config.py. Counters live in Redis when REDIS_URL (or
RATELIMIT_STORAGE_URI) is set, which every worker and instance shares, as Flask-Limiter's docs
advise for several processes; otherwise in memory (one process: development and tests). A limit
breached answers 429 with the error envelope and Retry-After. If Redis fails, the limiter counts
in memory until it is back instead of failing the request.
"""
from flask import current_app, request, session
from flask_limiter import Limiter

from app.auth.access import bearer_token
from app.auth.tokens import read_token

#: endpoint → [(config key, whose requests are counted)]; only the listed methods count.
LIMITS = {
    "auth.WeChatLogin": [("RATE_LIMIT_WORKER_LOGIN_PER_IP", "address")],
    "auth.WeChatPhone": [("RATE_LIMIT_PHONE_BIND_PER_WORKER", "actor")],
    "admin_auth.OfficerLogin": [("RATE_LIMIT_OFFICER_LOGIN_PER_IP", "address")],
    "admin_web.login": [("RATE_LIMIT_OFFICER_LOGIN_PER_IP", "address")],
    "membership.Applications": [("RATE_LIMIT_APPLICATION_PER_WORKER", "actor"),
                                ("RATE_LIMIT_APPLICATION_PER_IP", "address")],
    "membership.MyApplication": [("RATE_LIMIT_APPLICATION_PER_WORKER", "actor"),
                                 ("RATE_LIMIT_APPLICATION_PER_IP", "address")],
    "legal_aid.Bookings": [("RATE_LIMIT_BOOKING_PER_WORKER", "actor"), ("RATE_LIMIT_BOOKING_PER_IP", "address")],
    "campaigns.Signups": [("RATE_LIMIT_SIGNUP_PER_WORKER", "actor"), ("RATE_LIMIT_SIGNUP_PER_IP", "address")],
    "cards.VerifyCard": [("RATE_LIMIT_CODE_CHECK_PER_OFFICER", "actor"), ("RATE_LIMIT_CODE_CHECK_PER_IP", "address")],
    "admin_campaigns.AdminRedeem": [("RATE_LIMIT_CODE_CHECK_PER_OFFICER", "actor"),
                                    ("RATE_LIMIT_CODE_CHECK_PER_IP", "address")],
    "admin_web.redeem": [("RATE_LIMIT_CODE_CHECK_PER_OFFICER", "actor"), ("RATE_LIMIT_CODE_CHECK_PER_IP", "address")],
}
#: Reading a page or a list is not what a script abuses here; only writes count.
LIMITED_METHODS = ["post", "put"]


def client_address():
    """The client's address as ProxyFix resolved it (TRUSTED_PROXY_HOPS)."""
    return request.remote_addr or "unknown"


def actor_key():
    """'worker:<id>' / 'officer:<id>' from a valid token or web session, else the client address.

    Read from the signed token alone (no database query): a forged token falls back to the address.
    """
    token = bearer_token()
    if token:
        for audience, claim, ttl in (("worker", "uid", "WORKER_TOKEN_TTL_SECONDS"),
                                     ("officer", "oid", "OFFICER_TOKEN_TTL_SECONDS")):
            try:
                payload = read_token(audience, token, current_app.config[ttl])
            except Exception:
                continue
            if isinstance(payload, dict) and payload.get(claim):
                return f"{audience}:{payload[claim]}"
    if request.path.startswith("/admin") and session.get("oid"):
        return f"officer:{session['oid']}"
    return f"address:{client_address()}"


_KEYS = {"address": lambda: f"address:{client_address()}", "actor": actor_key}


def _drop_retry_after_unless_refused(response):
    # Flask-Limiter sends Retry-After on every limited response; it means something only on a refusal.
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def _config_limit(config_key):
    return lambda: current_app.config[config_key]


def init_app(app):
    """Bind a limiter to this app and wrap the limited views (call after blueprints are registered)."""
    config = app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return None
    config["RATELIMIT_STORAGE_URI"] = (config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL")
                                       or "memory://")
    timeout = config.get("REDIS_TIMEOUT_SECONDS", 0.5)
    options = {} if config["RATELIMIT_STORAGE_URI"].startswith("memory") else {
        "socket_timeout": timeout, "socket_connect_timeout": timeout}
    app.after_request(_drop_retry_after_unless_refused)  # registered first, so it runs last
    limiter = Limiter(key_func=lambda: f"address:{client_address()}", storage_options=options,
                      headers_enabled=True, swallow_errors=True, in_memory_fallback_enabled=True,
                      key_prefix=config.get("RATELIMIT_KEY_PREFIX") or "ws")
    limiter.init_app(app)
    for endpoint, rules in LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        for config_key, whose in rules:
            view = limiter.limit(_config_limit(config_key), key_func=_KEYS[whose], methods=LIMITED_METHODS,
                                 scope=f"{config_key}")(view)
        app.view_functions[endpoint] = view
    app.extensions["throttling"] = limiter
    return limiter
