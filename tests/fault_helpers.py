"""Broken dependencies for the fault tests (a black-hole socket, a private PostgreSQL cluster) and
what the tests check them with (an app of their own, incident log lines, the officer's error page)."""
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager

from app.extensions import db
from tests import factories
from tests.admin.conftest import post_form
from tests.conftest import make_app


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BlackHole:
    """A local TCP server that accepts connections and never answers (a silent WeChat, a frozen
    database as seen from the client). Each connection is dropped after `hold` seconds, so code
    without a timeout fails the test slowly instead of hanging the run forever."""

    def __init__(self, hold=15):
        self.hold = hold
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._held = []
        #: "GET /cgi-bin/token?… HTTP/1.1" of each request received (and never answered).
        self.request_lines = []
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _accept(self):
        while not self._closed.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            self._held.append(conn)
            threading.Thread(target=self._note_request_line, args=(conn,), daemon=True).start()
            threading.Timer(self.hold, conn.close).start()

    def _note_request_line(self, conn):
        try:
            first = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
        except OSError:
            return
        if first:
            self.request_lines.append(first)

    def close(self):
        self._closed.set()
        self._server.close()
        for conn in self._held:
            conn.close()


def _postgres_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class PrivateCluster:
    """A throwaway PostgreSQL server of the test's own (initdb into a temp dir, a random loopback
    port), so the test may stop, freeze and restart it without touching the shared server.
    PostgreSQL refuses to run as root: as root it runs as the `postgres` user through runuser."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="faults-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self._as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self._as_user:
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8",
                  "--locale=C")
        self.start()
        subprocess.run([_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "faults"], check=True, capture_output=True)

    @property
    def url(self):
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/faults"

    def _run(self, tool, *args):
        subprocess.run([*self._as_user, _postgres_bin(tool), *args], check=True, capture_output=True,
                       timeout=120)

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", os.path.join(self.dir, "log"), "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def _pids(self):
        """The postmaster (first line of postmaster.pid) and its children."""
        with open(os.path.join(self.data, "postmaster.pid")) as pidfile:
            postmaster = int(pidfile.readline())
        children = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.split("/")[2]))
        return [postmaster, *children]

    def freeze(self, at_most=15):
        """SIGSTOP every process of this cluster: connections stay open, nothing answers. Thawed
        after `at_most` seconds whatever happens, so code that waits forever fails, not hangs."""
        self._frozen = self._pids()
        for pid in self._frozen:
            os.kill(pid, signal.SIGSTOP)
        self._thaw_timer = threading.Timer(at_most, self.thaw)
        self._thaw_timer.daemon = True
        self._thaw_timer.start()

    def thaw(self):
        if getattr(self, "_thaw_timer", None) is not None:
            self._thaw_timer.cancel()
        frozen, self._frozen = getattr(self, "_frozen", []), []
        for pid in frozen:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass

    def destroy(self):
        self.thaw()
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)


def timed(call):
    """(result, seconds) of call()."""
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@contextmanager
def app_with(**overrides):
    """An app of its own (on the test database unless told otherwise), its pool closed after."""
    application = make_app(**overrides)
    try:
        yield application
    finally:
        with application.app_context():
            db.engine.dispose()


def incident_lines(caplog, kind):
    return [r for r in caplog.records if r.name == "app.incidents" and kind in r.getMessage()]


def assert_no_tracebacks(caplog):
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records if r.exc_info]


def web_login(app, org_id):
    """A test client of `app` signed in on /admin as a new city admin."""
    with app.app_context():
        factories.make_officer("faults-admin", "city_admin", org_id)
        db.session.commit()
    client = app.test_client()
    client.get("/admin/login")
    response = post_form(client, "/admin/login", {"username": "faults-admin", "password": factories.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def assert_error_page(response, status):
    """The officer screen's own HTML error page (never a 500, never JSON)."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    assert str(status) in response.get_data(as_text=True)
