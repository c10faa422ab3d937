"""A real gunicorn for the reliability tests: scratch database, bulk learners, kill and restart.

Like tests/e2e/conftest.py, but the server runs in its own process group so that a test can
SIGKILL the master and every worker at once, as a power cut or the OOM killer would.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from lms import create_app
from lms.extensions import db
from lms.learning.models import Module, ModuleVersion
from lms.people.models import User
from tests.conftest import FAST_HASH
from tests.factories import valid_nip

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
PASSWORD = "Uji-Beban-2026"
START_TIMEOUT_S = 30
REQUEST_TIMEOUT_S = 20
# What a client sees when the server is down or dies mid-request.
NETWORK_ERRORS = (OSError, HTTPException)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(url: str, learners: int, *, no_pass_mark: str) -> list[str]:
    """Schema, the real content, and `learners` ready-to-sign-in learners; return their NIPs.

    The module `no_pass_mark` gets a pass mark of 0: these tests are about storing results,
    and every learner who takes its post-test then completes it and gets a certificate.
    """
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": FAST_HASH})
    with app.app_context():
        db.create_all()
        command = ["lms", "content", "import", str(ROOT / "content")]
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 0, result.output
        module_id = select(Module.id).where(Module.slug == no_pass_mark).scalar_subquery()
        db.session.execute(
            update(ModuleVersion).where(ModuleVersion.module_id == module_id).values(pass_mark=0)
        )
        password_hash = generate_password_hash(PASSWORD, method=FAST_HASH)
        nips = [valid_nip(900 + n) for n in range(learners)]
        db.session.add_all(
            User(nip=nip, name=f"Peserta Beban {n}", grade="III/a", password_hash=password_hash)
            for n, nip in enumerate(nips)
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return nips


class Server:
    """gunicorn with deploy/gunicorn.conf.py on a free loopback port, in its own process group."""

    def __init__(self, database_url: str, scratch: Path, workers: int = 3, threads: int = 4):
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = scratch / "gunicorn.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "LMS_ENV": "testing",
            "SECRET_KEY": secrets.token_hex(32),
            "PASSWORD_HASH_METHOD": FAST_HASH,
            "UPLOAD_DIR": str(scratch / "uploads"),
            "PUBLIC_BASE_URL": self.url,
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.command = [str(gunicorn), "-c", str(GUNICORN_CONF), "-w", str(workers)]
        self.command += ["--threads", str(threads), "-b", f"127.0.0.1:{self.port}", "wsgi:app"]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group: kill() reaches every worker
            )
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except NETWORK_ERRORS:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not become healthy:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the master and all workers at once: no graceful shutdown, no cleanup."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._wait_for_group_to_die()

    def stop(self) -> None:
        """At the end of a test: as abrupt as kill(), which spares gunicorn's 3 s shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.kill()

    def _wait_for_group_to_die(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _living_members(self.process.pid):
            time.sleep(0.02)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]


def _living_members(group: int) -> list[int]:
    """Processes of the group that still run; zombies waiting to be reaped hold nothing."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            living.append(int(stat.parent.name))
    return living


@dataclass
class Reply:
    status: int
    location: str
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx answers back to the caller: a redirect to the result IS the acknowledgement."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One learner's cookies and requests; 3xx answers are returned, not followed."""

    def __init__(self, base_url: str, cookies: CookieJar | None = None):
        self.base_url = base_url
        self.cookies = cookies if cookies is not None else CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def twin(self) -> "Browser":
        """A second tab: the same session cookie, its own connection."""
        return Browser(self.base_url, self.cookies)

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields: dict[str, str]) -> Reply:
        body = urllib.parse.urlencode(fields).encode()
        return self._send(urllib.request.Request(self.base_url + path, data=body, method="POST"))

    def _send(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_S) as response:
                return Reply(response.status, "", response.read().decode())
        except urllib.error.HTTPError as answer:  # 3xx, 4xx and 5xx: an answer, not a failure
            with answer:
                body = answer.read().decode(errors="replace")
            return Reply(answer.code, answer.headers.get("Location", ""), body)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, f"no CSRF token on the page:\n{html[:2000]}"
    return found.group(1)


def radio_choices(html: str) -> dict[str, list[str]]:
    """The radio groups of a test page: field name -> the option values offered."""
    groups: dict[str, list[str]] = {}
    for tag in re.findall(r'<input type="radio"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        value = re.search(r'value="([^"]+)"', tag).group(1)
        groups.setdefault(name, []).append(value)
    return groups
