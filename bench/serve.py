"""Start and stop gunicorn for a benchmark, and sign a learner in over HTTP."""

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CHEAP_HASH = "pbkdf2:sha256:1000"
# Random per run: production refuses any key written in the repository.
SECRET_KEY = secrets.token_hex(32)


def server_env(database_url: str) -> dict:
    """Production settings, except plain-HTTP cookies (no TLS on loopback) and a cheap hash."""
    env = dict(os.environ)
    env.update(
        LMS_ENV="production",
        SECRET_KEY=SECRET_KEY,
        SESSION_COOKIE_SECURE="0",
        PUBLIC_BASE_URL="http://127.0.0.1",  # production refuses to start without it
        DATABASE_URL=database_url,
        PASSWORD_HASH_METHOD=CHEAP_HASH,  # sign-in is set-up here, not what is measured
    )
    return env


@contextmanager
def gunicorn(app: str, port: int, database_url: str = "", workers: int | None = None):
    """Run `gunicorn app` with the production settings of deploy/gunicorn.conf.py (workers
    from the CPU count unless given, one thread each); yield the master's pid."""
    command = [
        GUNICORN,
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        *(["-w", str(workers)] if workers else []),
        "-b",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
        "--max-requests",
        "0",  # no recycling mid-measurement
        app,
    ]
    env = server_env(database_url) if database_url else dict(os.environ)
    env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'bench'}"
    with open(f"/tmp/bina-bench-gunicorn-{port}.log", "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            _wait_up(port, process)
            yield process.pid
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn on {port} exited; see /tmp/bina-bench-gunicorn-{port}.log")
        try:
            Client(port).get("/")
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn on {port} did not answer in {seconds} s")


class Client:
    """A minimal HTTP client keeping cookies, on one keep-alive connection (no dependencies)."""

    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict | None = None):
        """Return (status, headers, body); redirects are not followed."""
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for again in (True, False):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                answer = self.connection.getresponse()
                data = answer.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()  # the server closed an idle keep-alive connection
                if not again:
                    raise
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return answer.status, answer.headers, data

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if not found:
        raise RuntimeError("no csrf_token on the page")
    return found.group(1)


def sign_in(port: int, nip: str, password: str) -> Client:
    """A client signed in through the real form (CSRF included)."""
    client = Client(port)
    _, _, page = client.get("/login")
    status, _, _ = client.post(
        "/login", {"csrf_token": csrf_token(page.decode()), "nip": nip, "password": password}
    )
    if status != 302:
        raise RuntimeError(f"sign-in of {nip} failed: {status}")
    return client


def workers_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn workers under `master`."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks
