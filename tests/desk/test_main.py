"""The desk's real entry points, as separate processes: `python -m desk`, `scripts/desk.sh`,
`flask --app desk` and `waitress-serve`: what they print, the port they really use, the
access log they write, and their one-line refusal to start with a missing setting."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .workers import wait_until

REPO = Path(__file__).resolve().parents[2]

NO_SECRET_KEY = (
    "desk: DESK_SECRET_KEY is not set; outside development it must be. Set a stable random value, "
    "e.g. export DESK_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\" "
    "(on a developer's machine: DESK_ENV=development)\n"
)
NO_RATE_STORE = (
    "desk: DESK_RATELIMIT_STORAGE_URI is not set; outside development it must be. Set the rate-limit store, "
    "e.g. export DESK_RATELIMIT_STORAGE_URI=redis://localhost:6379 (memory:// for a single-process server)\n"
)


def desk_env(tmp_path: Path, **settings: str) -> dict:
    """The environment without any DESK_* setting of this machine, on a throw-away database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESK_")}
    env.update(DESK_DATABASE_URL=f"sqlite:///{tmp_path / 'desk.sqlite3'}", DESK_OUTBOX=str(tmp_path / "outbox"),
               DESK_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    env.update(settings)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Running:
    """A desk process started by a test: its printed lines, its address, its stderr."""

    def __init__(self, cmd: list[str], env: dict, tmp_path: Path):
        self.stderr_path = tmp_path / "stderr.txt"
        with open(self.stderr_path, "w") as err:
            self.proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=err,
                                         text=True, start_new_session=True)
        self.lines: list[str] = []
        self.url = ""
        # Read what it prints until it says where it listens (it prints that once it does).
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            if m := re.fullmatch(r"Accessibility request desk: (http://\S+/)", self.lines[-1]):
                self.url = m.group(1)
                break
        if not self.url:
            self.stop()
            pytest.fail(f"no address printed: {self.lines}\n{self.stderr()}")

    def next_line(self) -> str:
        line = self.proc.stdout.readline().rstrip("\n")
        self.lines.append(line)
        return line

    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group this test started (bash and its child)
        self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def running():
    started: list[Running] = []

    def start(cmd, env, tmp_path) -> Running:
        started.append(Running(cmd, env, tmp_path))
        return started[-1]

    yield start
    for r in started:
        r.stop()


def test_python_m_desk_prints_the_port_it_really_uses(tmp_path, running):
    desk = running([sys.executable, "-m", "desk", "--port", "0"], desk_env(tmp_path), tmp_path)
    port = int(desk.url.rsplit(":", 1)[1].rstrip("/"))
    assert desk.url == f"http://127.0.0.1:{port}/" and port != 0
    assert desk.next_line() == f"Coordinator sign-in: {desk.url}coordinator/login  (add an account with " \
                               "`flask --app desk create-coordinator --email ADDRESS`)"
    home = httpx.get(desk.url)
    assert home.status_code == 200 and "<title>" in home.text


def test_access_log_lines_carry_no_status_token_or_search_text(tmp_path, running):
    desk = running([sys.executable, "-m", "desk", "--port", "0"], desk_env(tmp_path), tmp_path)
    secret = "S3CRET-status-token-value"
    resp = httpx.get(f"{desk.url}request/A11Y-2026-000001?token={secret}&x=1")
    assert resp.status_code == 404
    # A coordinator's search (here not signed in: sent on to sign in, the search in next=).
    searched = "searched.person@example.com"
    resp = httpx.get(f"{desk.url}coordinator/?q={searched}", follow_redirects=True)
    assert resp.status_code == 200 and resp.url.path == "/coordinator/login"
    assert httpx.get(f"{desk.url}privacy").status_code == 200
    desk.stop()
    log = re.sub(r"\x1b\[[0-9;]*m", "", desk.stderr())  # werkzeug colours 4xx lines
    # The real lines the server wrote for those requests, query values taken out, the rest kept.
    assert re.search(r'"GET /request/A11Y-2026-000001\?token=\[redacted\]&x=\[redacted\] HTTP/1\.1" 404',
                     log), log
    assert re.search(r'"GET /coordinator/\?q=\[redacted\] HTTP/1\.1" 302', log), log
    assert re.search(r'"GET /coordinator/login\?next=\[redacted\] HTTP/1\.1" 200', log), log
    assert re.search(r'"GET /privacy HTTP/1\.1" 200', log), log
    assert secret not in log and "searched.person" not in log


def test_python_m_desk_on_a_port_in_use_says_so_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "desk", "--port", str(port)], env=desk_env(tmp_path),
                              cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"Port {port} is in use by another program. Either identify and stop that program, "
        "or start the server with a different port.")


def test_desk_sh_prints_the_port_it_really_uses_and_its_account_works(tmp_path, running):
    port = free_port()
    desk = running(["bash", str(REPO / "scripts" / "desk.sh"), "--port", str(port)], desk_env(tmp_path), tmp_path)
    assert desk.url == f"http://127.0.0.1:{port}/"
    account = next(line for line in desk.lines if line.startswith("Demo coordinator: "))
    email, password = re.fullmatch(r"Demo coordinator: (\S+) / (\S+)", account).groups()
    assert desk.next_line().startswith(f"Coordinator sign-in: {desk.url}coordinator/login ")
    # The printed address is the desk, and the printed account signs in there.
    with httpx.Client(base_url=desk.url) as client:
        form = client.get("/coordinator/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        resp = client.post("/coordinator/login", data={"email": email, "password": password, "csrf_token": token})
        assert (resp.status_code, resp.headers["Location"]) == (302, "/coordinator/")
        assert "Request queue" in client.get("/coordinator/").text
        # ...and a worker runs beside it (it says so on /healthz once it has started).
        wait_until(lambda: client.get("/healthz").json()["queue"]["workers_seen"] == 1, "the worker to start")


FLASK = [sys.executable, "-m", "flask", "--app", "desk", "init-db"]
WAITRESS = [sys.executable, "-m", "waitress", "--listen=127.0.0.1:0", "--call", "desk:create_app"]
PYTHON_M_DESK = [sys.executable, "-m", "desk", "--port", "0"]


@pytest.mark.parametrize("cmd, settings, message", [
    (FLASK, {}, NO_SECRET_KEY),
    (WAITRESS, {}, NO_SECRET_KEY),
    (PYTHON_M_DESK, {"DESK_ENV": "production"}, NO_SECRET_KEY),
    (FLASK, {"DESK_SECRET_KEY": "s" * 64}, NO_RATE_STORE),
    (WAITRESS, {"DESK_SECRET_KEY": "s" * 64}, NO_RATE_STORE),
], ids=["flask-secret", "waitress-secret", "python-m-desk-secret", "flask-rate-store", "waitress-rate-store"])
def test_refuses_to_start_in_production_with_one_line_and_the_fix(tmp_path, cmd, settings, message):
    # A safety net only: were the check gone, waitress would serve until stopped.
    done = subprocess.run(cmd, env=desk_env(tmp_path, **settings), cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", message)
    assert not (tmp_path / "desk.sqlite3").exists()
