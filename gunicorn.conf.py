"""gunicorn settings; every value can be overridden from the environment.

Behind nginx (deploy/nginx.conf), which buffers whole requests and responses, so a gthread worker
is never held by a slow client. The app writes one JSON line per request itself (app/observability.py),
so gunicorn's own access log is off unless GUNICORN_ACCESS_LOG names a file or "-".
"""
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A worker that stops answering its heartbeat this long is killed and replaced. With gthread this
# does not bound a single request: the database timeouts and nginx's proxy_read_timeout do that.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM / HUP, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Seconds an idle client connection stays open (nginx opens one per request: see deploy/nginx.conf).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Set to replace workers every N requests (staggered by the jitter) if memory ever creeps up; off by
# default, since a recycled worker drops the keep-alive connections of clients talking to it directly.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))
# Request limits: nginx's (deploy/nginx.conf, large_client_header_buffers 4 8k) act first and answer
# with the envelope, so these sit at or above anything nginx lets through — gunicorn's own answer
# would be an HTML page. Request line: 8190, gunicorn's maximum, equal to nginx's (one 8k buffer
# less CRLF). Headers: nginx allows 32k in all, so up to ~8,000 tiny fields (gunicorn's maximum
# count is 32768), and joins repeated X-Forwarded-For headers into one field, plus its own address.
limit_request_line = 8190
limit_request_fields = 32768
limit_request_field_size = 65536
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The query string can carry search terms; keep it out of the access log.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"


def on_starting(server):
    """Prometheus multiprocess mode: start from an empty directory (a previous run's files are stale)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if name.endswith(".db"):
                os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Compile the page templates before this worker's first request (app/warmup.py)."""
    app = getattr(worker, "wsgi", None)
    if hasattr(app, "jinja_env"):
        from app.warmup import compile_templates

        compile_templates(app)
