"""Browser journeys: a real gunicorn on a loopback port, driven by Debian's Chromium.

The database is prepared once per session with the real commands (schema, content import when
that command exists, demo data), so every journey shares it: build what you assert on with
names/NIPs of your own, and compare counts before and after rather than absolute numbers.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from lms import create_app
from lms.cli import lms_cli
from lms.extensions import db
from tests.conftest import BACKEND, backend_url

from .journey import ARTIFACTS, shot

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Real scrypt, but N = 2^14 instead of the production 2^17: a 2^17 check costs ~0.3 s of CPU
# and 128 MiB per sign-in, and the journeys sign in dozens of times. The demo loader and the
# server must agree, or every sign-in would re-hash the password (authenticate() upgrades
# hashes made with another method). tests/auth checks the production setting.
E2E_HASH = "scrypt:16384:8:1"
START_TIMEOUT_S = 30
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 640}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: `make e2e-deps` installs it")
    for item in items:
        if here in item.path.parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call":
        item.e2e_failed = report.failed
    return report


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    database_url: str
    env: dict
    log_path: Path

    def flask(self, *args: str) -> subprocess.CompletedProcess:
        """Run `flask --app wsgi ARGS` against the server's database; fail with its output."""
        command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
        done = subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            pytest.fail(f"`flask {' '.join(args)}` failed ({done.returncode}):\n{done.stderr}")
        return done


def _prepare_database(server: LiveServer) -> None:
    # create_all rather than `db upgrade`: the migration test guards that migrations and models
    # agree, and the journeys should not fail on a migration that lags behind a new model.
    app = create_app({"SQLALCHEMY_DATABASE_URI": server.database_url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    if "content" in lms_cli.commands:
        server.flask("lms", "content", "import", "content")
    server.flask("lms", "demo")


def _wait_until_healthy(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    log = log_path.read_text(errors="replace")[-4000:]
    pytest.fail(f"the server at {url} did not become healthy in {START_TIMEOUT_S} s:\n{log}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def make_server(tmp_path_factory, name: str) -> LiveServer:
    """Settings for a server on a free loopback port over a fresh, empty database."""
    scratch = tmp_path_factory.mktemp(name)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": backend_url(tmp_path_factory, name),
        "LMS_ENV": "testing",
        "SECRET_KEY": secrets.token_hex(32),
        "PASSWORD_HASH_METHOD": E2E_HASH,
        "UPLOAD_DIR": str(scratch / "uploads"),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    return LiveServer(
        url=f"http://127.0.0.1:{port}",
        database_url=env["DATABASE_URL"],
        env=env,
        log_path=ARTIFACTS / f"server-{name}-{BACKEND}.log",
    )


@contextmanager
def serving(server: LiveServer):
    """Run gunicorn (2 workers) for the server until the block ends."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-w", "2", "--threads", "4", "--graceful-timeout", "1"]
    command += ["--access-logfile", "-", "-b", server.url.removeprefix("http://"), "wsgi:app"]
    with server.log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=server.env, stdout=log, stderr=log)
        try:
            _wait_until_healthy(process, server.url, server.log_path)
            yield server
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app served by gunicorn on a free loopback port, with demo data."""
    server = make_server(tmp_path_factory, "e2e")
    _prepare_database(server)
    with serving(server):
        yield server


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, never a browser downloaded by Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(request, base_url, browser, **options):
    context = browser.new_context(
        base_url=base_url, locale="id-ID", timezone_id="Asia/Jakarta", **options
    )
    page = context.new_page()
    yield page
    if getattr(request.node, "e2e_failed", False):
        shot(page, "failed")
    context.close()


@pytest.fixture
def page(request, base_url, browser):
    """A fresh desktop tab (1280x800, own cookies and cache)."""
    yield from _page(request, base_url, browser, viewport=DESKTOP)


@pytest.fixture
def phone_page(request, base_url, browser):
    """A fresh 360x640 touch phone tab."""
    yield from _page(request, base_url, browser, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def nojs_page(request, base_url, browser):
    """A fresh desktop tab with JavaScript disabled."""
    yield from _page(request, base_url, browser, viewport=DESKTOP, java_script_enabled=False)
