"""The deployment stack of tests/deploy/: deploy/nginx.conf in front of two gunicorn instances on
PostgreSQL, as in production. The shipped file is what runs: only its ports, log/pid paths and
static path are substituted."""
import os
import shutil
import subprocess

import pytest

from tests.conftest import DATABASE_URL
from tests.deploy.servers import ROOT, free_port, start_gunicorn, stop, wait_until_answering


def nginx_binary():
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(found), "nginx is missing: run `make deploy-deps` (scripts/ensure-nginx.sh)"
    return found


def templated_config(directory, listen_port, upstream_ports):
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{listen_port};",
        "127.0.0.1:8001": f"127.0.0.1:{upstream_ports[0]}",
        "127.0.0.1:8002": f"127.0.0.1:{upstream_ports[1]}",
        "/run/nginx-worker-services.pid": str(directory / "nginx.pid"),
        "/var/log/nginx/worker-services.error.log": str(directory / "nginx-error.log"),
        "/var/log/nginx/worker-services.access.log": str(directory / "nginx-access.log"),
        "/srv/worker-services/app/static/": f"{ROOT / 'app' / 'static'}/",
    }
    for shipped, local in replacements.items():
        assert shipped in text, f"deploy/nginx.conf no longer contains {shipped!r}"
        text = text.replace(shipped, local)
    if os.geteuid() != 0:
        text = text.replace("user www-data;", "")
    path = directory / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def stack(app, tmp_path_factory):
    """Two gunicorn instances (2 workers × 4 threads each) and nginx; stopped afterwards."""
    directory = tmp_path_factory.mktemp("deploy")
    ports, processes, logs = [free_port(), free_port()], [], []
    try:
        for port in ports:
            metrics_dir = directory / f"metrics-{port}"
            metrics_dir.mkdir()
            logs.append(directory / f"gunicorn-{port}.log")
            processes.append(start_gunicorn(port, DATABASE_URL, logs[-1], workers=2, threads=4,
                                            TRUSTED_PROXY_HOPS=1, PROMETHEUS_MULTIPROC_DIR=metrics_dir))
        listen = free_port()
        config = templated_config(directory, listen, ports)
        nginx = subprocess.Popen(
            [nginx_binary(), "-p", str(directory), "-e", str(directory / "nginx-error.log"), "-c", str(config),
             "-g", "daemon off;"], start_new_session=True)
        processes.append(nginx)
        wait_until_answering(f"http://127.0.0.1:{listen}/healthz", process=nginx)
        yield {"url": f"http://127.0.0.1:{listen}", "port": listen, "instances": ports, "logs": logs,
               "processes": processes, "dir": directory}
    finally:
        for process in reversed(processes):
            stop(process)
