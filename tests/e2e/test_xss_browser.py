"""The sanitiser judged by a browser: every known XSS vector, rendered, loaded, and nothing runs.

Each vector goes in three times: as written (alert), with its script rewritten to leave a console
marker, and with its script rewritten to call a canary address. Running script would show as a
dialog, a console message or a request to the canary host; any of them fails the test.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from lms import clock
from lms.extensions import db
from lms.html import render_markdown, sanitize
from lms.learning.models import Enrollment, Lesson, Module, ModuleVersion
from lms.people.services import find_by_nip
from tests.data.xss_vectors import VECTORS

from .data import PASSWORD, add_employee, database
from .journey import shot, sign_in

pytestmark = pytest.mark.e2e

SLUG = "uji-xss-browser"
MARKER = "XSS-MARKER-7f3a"
CANARY_HOST = "xss-canary.invalid"
CANARY = f"https://{CANARY_HOST}"
EVIL_HOSTS = {"evil.example", CANARY_HOST}


def _variants(payload: str) -> list[str]:
    """The vector as written, then leaving a console marker, then calling the canary."""
    noisy = payload.replace("https://evil.example", CANARY)
    return [
        payload,
        noisy.replace("alert(1)", f"console.log('{MARKER}')"),
        noisy.replace("alert(1)", f"fetch('{CANARY}/{MARKER}')"),
    ]


def _rendered() -> list[tuple[str, str]]:
    """(label, sanitised HTML) for every variant through both renderers trainers' text takes."""
    blocks = []
    for name, payload in VECTORS:
        for number, variant in enumerate(_variants(payload)):
            blocks.append((f"{name}/{number}/md", str(render_markdown(variant))))
            blocks.append((f"{name}/{number}/html", str(sanitize(variant))))
    return blocks


def _lesson_with_vectors(live_server, nip: str) -> None:
    """A module whose only lesson holds every rendered vector; the learner is past the pre-test.

    Archived, so it stays out of everyone's catalogue while the enrolled learner still reaches
    the lesson, just as an enrolled learner keeps a module that is later withdrawn.
    """
    blocks = [{"kind": "html", "html": f"<p>{label}</p>{html}"} for label, html in _rendered()]
    with database(live_server):
        module = Module(slug=SLUG, archived=True)
        version = ModuleVersion(
            module=module,
            number=1,
            title="Uji XSS",
            jp=1,
            pretest_questions=1,
            posttest_questions=1,
            pass_mark=70,
            published_at=clock.utcnow(),
            lessons=[Lesson(position=1, title="Semua vektor XSS", minutes=1, blocks=blocks)],
        )
        db.session.add_all([module, version])
        db.session.flush()
        module.current_version_id = version.id
        learner = find_by_nip(nip)
        db.session.add(
            Enrollment(
                user_id=learner.id, module_id=module.id, version_id=version.id, pretest_score=0
            )
        )


class Watch:
    """Everything that would betray running script, collected while a page is open.

    Requests to other hosts never reach the network (they are aborted here) but still count:
    the page tried. Chromium reports requests that the Content-Security-Policy stopped too,
    with the failure "csp"; those never left the browser and do not count.
    """

    def __init__(self, page: Page, own_host: str):
        self.own_host = own_host
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.foreign: list[str] = []
        self.blocked: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("requestfailed", self._failed)
        page.route(lambda url: urlsplit(url).hostname != own_host, self._foreign)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message) -> None:
        if MARKER in message.text:
            self.console.append(message.text)

    def _foreign(self, route) -> None:
        self.foreign.append(route.request.url)
        route.abort()

    def _failed(self, request) -> None:
        if request.failure == "csp":
            self.blocked.append(request.url)

    @property
    def canary_calls(self) -> list[str]:
        return [url for url in self.foreign if urlsplit(url).hostname in EVIL_HOSTS]

    def assert_quiet(self) -> None:
        assert not self.dialogs, f"script opened dialogs: {self.dialogs}"
        assert not self.console, f"script wrote to the console: {self.console}"
        assert not self.foreign, f"the page called other hosts: {self.foreign}"


def _provoke(page: Page) -> None:
    """Give handlers that need a moment or a user (focus, pointer, media errors) a chance."""
    page.mouse.move(200, 300)
    page.mouse.move(400, 500)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.wait_for_timeout(1000)


@pytest.fixture(scope="module")
def vector_lesson(live_server) -> str:
    """The NIP of a learner with a lesson holding every rendered vector."""
    nip = add_employee(live_server, "Fajar Nasution")
    _lesson_with_vectors(live_server, nip)
    return nip


def _open_lesson(page: Page, base_url: str, nip: str) -> None:
    sign_in(page, base_url, nip, PASSWORD)
    page.goto(f"{base_url}/modul/{SLUG}/materi/1", wait_until="networkidle")
    expect(page.locator(".lesson > h1")).to_have_text("Semua vektor XSS")
    expect(page.locator(".lesson-body")).to_have_count(len(_rendered()))
    _provoke(page)


def test_no_vector_runs_script_in_a_lesson(page, base_url, vector_lesson):
    watch = Watch(page, urlsplit(base_url).hostname)
    _open_lesson(page, base_url, vector_lesson)
    shot(page, "lesson-with-vectors", full_page=False)
    watch.assert_quiet()


def test_sanitiser_alone_stops_every_vector(page, base_url, vector_lesson):
    """The same lesson with its Content-Security-Policy removed: the sanitiser must suffice."""

    def without_csp(route) -> None:
        response = route.fetch()
        headers = {
            key: value
            for key, value in response.headers.items()
            if key.lower() != "content-security-policy"
        }
        route.fulfill(response=response, headers=headers)

    page.route(f"{base_url}/modul/{SLUG}/materi/1", without_csp)
    watch = Watch(page, urlsplit(base_url).hostname)
    _open_lesson(page, base_url, vector_lesson)
    shot(page, "lesson-without-csp", full_page=False)
    assert not watch.blocked, "the Content-Security-Policy was still in force"
    # Images from other hosts are teaching content the sanitiser allows (the app's CSP keeps
    # them off the page); calls to the vectors' own hosts would be script or smuggled markup.
    watch.foreign = watch.canary_calls
    watch.assert_quiet()


def test_the_watch_sees_unsanitised_vectors_run(page, base_url):
    """A control: the same vectors, not sanitised and without CSP, do run, and are seen."""
    body = "".join(
        f"<section><p>{name}</p>{variant}</section>"
        for name, payload in VECTORS
        for variant in _variants(payload)
    )
    control = f"{base_url}/uji-kontrol-xss"
    page.route(
        control,
        lambda route: route.fulfill(
            body=f"<!doctype html><html lang=id><title>kontrol</title><body>{body}</body></html>",
            content_type="text/html; charset=utf-8",
        ),
    )
    watch = Watch(page, urlsplit(base_url).hostname)
    page.goto(control, wait_until="networkidle")
    _provoke(page)
    assert watch.dialogs, "no alert() ran: the watch would miss a dialog"
    assert watch.console, "no console marker: the watch would miss script writing to it"
    assert watch.canary_calls, "no canary request: the watch would miss script calling out"
