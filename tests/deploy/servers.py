"""Starting and stopping real gunicorn (and nginx) processes for the deployment tests.

Every process is started in its own session and stopped by its own process group id, so a test
never touches a process it did not start.
"""
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON_BIN = Path(os.sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url, timeout=30.0, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode} before answering")
        try:
            if requests.get(url, timeout=1).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start_gunicorn(port, database_url, log_path, *, workers=2, threads=4, **settings):
    """gunicorn with the project's gunicorn.conf.py; `settings` become environment variables."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "PROMETHEUS_MULTIPROC_DIR", "TEST_DATABASE_URL")}
    env.update(BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads),
               DATABASE_URL=database_url, WECHAT_MODE="offline", APP_ENV="development",
               **{key: str(value) for key, value in settings.items()})
    log = open(log_path, "ab")  # noqa: SIM115  (handed to the child process, closed just after)
    process = subprocess.Popen([str(PYTHON_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/healthz", process=process)
    except RuntimeError:
        stop(process)
        raise
    return process


def stop(process, sig=signal.SIGTERM, timeout=15):
    """Stop a process we started, and its children, by its own process group."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass


def access_lines(log_path):
    """The app's JSON request lines in a gunicorn log."""
    lines = []
    for raw in Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines():
        if raw.startswith("{"):
            try:
                lines.append(json.loads(raw))
            except json.JSONDecodeError:
                continue
    return lines


def worker_pids(log_path):
    """gunicorn's worker pids, from its 'Booting worker with pid: N' lines."""
    text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    return [int(line.rsplit(":", 1)[1]) for line in text.splitlines() if "Booting worker with pid" in line]
