"""Operational signals: a request id and one JSON log line per request, Prometheus at /metrics.

The log line carries the request id, method, path without its query string, endpoint, status and
duration, never personal data (no query, body, address or user). Metrics work with several
gunicorn workers when PROMETHEUS_MULTIPROC_DIR is set (prometheus_client multiprocess mode; the
gunicorn config clears dead workers' files). /metrics is open outside production; in production
only to METRICS_ALLOWED_IPS or `Authorization: Bearer METRICS_TOKEN`, and 404 for everyone else.
"""
import hmac
import json
import logging
import os
import re
import time
import uuid

import sqlalchemy as sa
from flask import Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from app.campaigns.models import Campaign, Station
from app.errors import NotFound
from app.extensions import db
from app.timeutil import utcnow

access_log = logging.getLogger("app.access")
#: An X-Request-ID we accept from the proxy or client; anything else is replaced by our own.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["method", "endpoint", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Time to answer a request", ["endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
SIGNUPS = Counter("signups_total", "Worker sign-ups accepted", ["kind"])
POOL_IN_USE = Gauge("db_pool_connections_in_use", "Database connections checked out", multiprocess_mode="livesum")
POOL_SIZE = Gauge("db_pool_connections_open", "Database connections held by the pool", multiprocess_mode="livesum")

#: Successful answers of these endpoints are sign-ups of a kind.
SIGNUP_ENDPOINTS = {"campaigns.Signups": "heat_relief", "membership.Applications": "membership_application",
                    "legal_aid.Bookings": "legal_aid_booking"}


def _start():
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if _REQUEST_ID.match(sent) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    started = g.pop("request_started", None)
    if started is None:
        return response
    duration = time.perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    response.headers["X-Request-ID"] = g.request_id
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(duration)
    if response.status_code in (200, 201) and request.method == "POST" and endpoint in SIGNUP_ENDPOINTS:
        SIGNUPS.labels(SIGNUP_ENDPOINTS[endpoint]).inc()
    _observe_pool()
    access_log.info(json.dumps({
        "ts": round(time.time(), 3), "request_id": g.request_id, "method": request.method,
        "path": request.path, "endpoint": endpoint, "status": response.status_code,
        "duration_ms": round(duration * 1000, 1), "pid": os.getpid()}, ensure_ascii=False))
    return response


def _observe_pool():
    try:
        pool = db.engine.pool
        POOL_IN_USE.set(pool.checkedout())
        POOL_SIZE.set(pool.checkedin() + pool.checkedout())
    except (AttributeError, RuntimeError):  # a pool kind without counters (SQLite in memory)
        pass


class CampaignStockCollector:
    """Stock left per open campaign, read from the database at scrape time."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        family = GaugeMetricFamily("campaign_stock_left", "Packs left across a campaign's open stations",
                                   labels=["campaign_id"])
        now = utcnow()
        try:
            rows = self._open_campaign_stock(now)
        except Exception as exc:
            logging.getLogger(__name__).warning("campaign stock metric skipped: %s", type(exc).__name__)
            db.session.rollback()
            rows = []
        for campaign_id, left in rows:
            family.add_metric([str(campaign_id)], int(left))
        yield family

    @staticmethod
    def _open_campaign_stock(now):
        return db.session.execute(
            sa.select(Campaign.id, sa.func.coalesce(sa.func.sum(Station.stock_left), 0))
            .join(Station, Station.campaign_id == Campaign.id, isouter=True)
            .where(Campaign.signup_starts_at <= now, Campaign.signup_ends_at > now)
            .group_by(Campaign.id)).all()


def _metrics_allowed():
    config = current_app.config
    token, allowed = config.get("METRICS_TOKEN"), config.get("METRICS_ALLOWED_IPS") or ""
    if token:
        sent = request.headers.get("Authorization", "")
        if hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return True
    if allowed:
        return request.remote_addr in {ip.strip() for ip in allowed.split(",") if ip.strip()}
    return not token and config.get("APP_ENV") != "production"


def metrics():
    if not _metrics_allowed():
        raise NotFound("请求的资源不存在")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, SIGNUPS, POOL_IN_USE, POOL_SIZE):
            registry.register(collector)
    registry.register(CampaignStockCollector(current_app))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _json_lines_handler():
    """app.access writes bare JSON lines to stderr (gunicorn's error log), nothing around them."""
    if not access_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        access_log.addHandler(handler)
        access_log.setLevel(logging.INFO)
        access_log.propagate = False


def init_app(app):
    _json_lines_handler()
    app.before_request(_start)
    app.after_request(_finish)
    app.add_url_rule("/metrics", "metrics", metrics)
