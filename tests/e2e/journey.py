"""Steps and checks shared by the browser journeys."""

import itertools
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Locator, Page

from lms import create_app
from lms.extensions import db
from lms.people.demo import ADMIN_NIP, DEMO_PASSWORD, LEARNER_NIP, SUPERVISOR_NIP, TRAINER_NIP
from lms.people.models import User
from lms.people.services import find_by_nip, hash_password
from lms.quizzes.models import Attempt

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
ACCESSIBILITY = ARTIFACTS / "axe"

# role -> (NIP, name shown on the home page), as loaded by `flask lms demo`
DEMO = {
    "admin": (ADMIN_NIP, "Syahrial Effendi, S.Sos."),
    "trainer": (TRAINER_NIP, "Dr. Nurul Aini, M.Pd."),
    "supervisor": (SUPERVISOR_NIP, "Hendra Gunawan, S.E., M.M."),
    "learner": (LEARNER_NIP, "Rahmawati Putri, S.Kom."),
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()
_shots: Counter = Counter()


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


def _test_name() -> str:
    """'tests/e2e/test_x.py::test_y[a] (call)' -> 'test_x.test_y-a'."""
    current = os.environ.get("PYTEST_CURRENT_TEST", "outside-a-test").rsplit(" ", 1)[0]
    module, _, name = current.partition("::")
    return _slug(f"{Path(module).stem}.{name}")


def shot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot as test-artifacts/screenshots/<test>/<n>-<name>.png."""
    test = _test_name()
    folder = SCREENSHOTS / test
    if not _shots[test]:
        shutil.rmtree(folder, ignore_errors=True)
    _shots[test] += 1
    path = folder / f"{_shots[test]:02d}-{_slug(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def sign_in(page: Page, base_url: str, nip: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the sign-in form and submit it; the page ends wherever the app sends it."""
    page.goto(f"{base_url}/login")
    form = page.locator("form:has([name=password])")
    form.locator("[name=nip]").fill(nip)
    form.locator("[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("[type=submit]").click()


def sign_in_as(page: Page, base_url: str, role: str) -> str:
    """Sign in as the demo account of this role; return its display name."""
    nip, name = DEMO[role]
    sign_in(page, base_url, nip)
    return name


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    scroll_width, client_width = widths
    if scroll_width > client_width + 1:
        culprits = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > limit)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                     + (e.className && typeof e.className === 'string'
                        ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                     + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')')""",
            client_width + 1,
        )
        raise AssertionError(
            f"{page.url} scrolls sideways: content {scroll_width}px wide in a "
            f"{client_width}px viewport; widest elements: {', '.join(culprits)}"
        )


def assert_accessible(page: Page) -> None:
    """Run axe-core (bundled, WCAG 2.1 A/AA); fail on serious or critical violations."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = _axe.run(page, options=options).response["violations"]
    ACCESSIBILITY.mkdir(parents=True, exist_ok=True)
    report = ACCESSIBILITY / f"{_test_name()}.json"
    report.write_text(json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{page.url}: {len(blocking)} serious/critical axe violation(s):"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:10]:
                target = " ".join(str(t) for t in node["target"])
                lines.append(f"    {target}  {node['html'][:160]}")
                lines.append(f"      {node.get('failureSummary', '').replace(chr(10), ' ')}")
        raise AssertionError("\n".join(lines))


def transferred_bytes(page: Page, url: str, cold: bool = True) -> int:
    """Bytes received (headers and bodies, redirects included) while loading url.

    cold: bypass the browser cache, so the page's CSS, JS and images count too.
    """
    cdp = page.context.new_cdp_session(page)
    sizes: dict[str, int] = {}

    def on_redirect(event: dict) -> None:
        if "redirectResponse" in event:
            key = f"{event['requestId']}@{event['redirectResponse']['url']}"
            sizes[key] = event["redirectResponse"].get("encodedDataLength", 0)

    def on_finished(event: dict) -> None:
        sizes[event["requestId"]] = event["encodedDataLength"]

    cdp.on("Network.requestWillBeSent", on_redirect)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": cold})
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        cdp.detach()
    return sum(sizes.values())


# --- Data the UI cannot set up or must not show -------------------------------------------------

PASSWORD = "Jambi-Belajar-2026"  # what the journeys' fresh employees sign in with
_apps: dict[str, Flask] = {}
_serials = itertools.count(701)


@contextmanager
def database(server) -> Iterator[None]:
    """An app context on the live server's database; what the block adds is committed."""
    app = _apps.get(server.database_url)
    if app is None:
        settings = {
            "SQLALCHEMY_DATABASE_URI": server.database_url,
            "PASSWORD_HASH_METHOD": server.env["PASSWORD_HASH_METHOD"],
        }
        app = _apps[server.database_url] = create_app(settings)
    with app.app_context():
        try:
            yield
            db.session.commit()
        finally:
            db.session.remove()


def unused_nip() -> str:
    """A valid PNS NIP that no one holds yet (born 5 May 1995, CPNS January 2020, female)."""
    while True:
        nip = f"199505052020012{next(_serials):03d}"
        if find_by_nip(nip) is None:
            return nip


def add_employee(server, name: str, supervisor_nip: str = SUPERVISOR_NIP) -> str:
    """Create an employee in the supervisor's unit, signing in with PASSWORD; return the NIP."""
    with database(server):
        supervisor = find_by_nip(supervisor_nip)
        nip = unused_nip()
        user = User(
            nip=nip,
            name=name,
            position="Pranata Komputer Ahli Pertama",
            grade="III/a",
            unit_id=supervisor.unit_id,
            supervisor_id=supervisor.id,
            active=True,
            password_hash=hash_password(PASSWORD, server.env["PASSWORD_HASH_METHOD"]),
        )
        db.session.add(user)
    return nip


def _ranked(texts: list[str]) -> list[int]:
    """Answer indexes in the order the question kinds number them (see quizzes.kinds._ranked)."""
    return sorted(range(len(texts)), key=lambda i: (texts[i], i))


def _full_marks(position: int, question: dict, shown: dict) -> dict[str, str | list[str]]:
    """Form values worth full marks for one question, worked out from its answer key."""
    name, answers, kind = f"q{position}", question["answers"], question["type"]
    if kind in ("multichoice", "multiresponse"):
        ranked = _ranked([a["text"] for a in answers])
        worth = {token: answers[ranked[rank]]["fraction"] for token, rank in shown["refs"].items()}
        if kind == "multiresponse":
            return {name: [token for token, value in worth.items() if value > 0]}
        return {name: max(worth, key=worth.get)}
    if kind == "truefalse":
        return {name: next(a["text"] for a in answers if a["fraction"] > 0)}
    if kind in ("shortanswer", "numerical"):
        best = next(a for a in answers if a["fraction"] >= 1)
        if kind == "shortanswer":
            return {name: best["text"].replace("\\*", "\0").replace("*", "").replace("\0", "*")}
        value = best["value"] if best.get("min") is None else best["min"]
        return {name: str(value)}
    if kind == "matching":
        pairs = [a for a in answers if a["left"]]
        rights = sorted({a["right"] for a in answers})
        right_token = {rights[i]: token for token, i in shown["right_refs"].items()}
        return {
            f"{name}-{token}": right_token[pairs[i]["right"]]
            for token, i in shown["left_refs"].items()
        }
    return {}  # essays and descriptions are not graded


def correct_answers(server, attempt_id: int) -> dict[str, str | list[str]]:
    """The form values that score 100 on an open attempt: the page never holds them."""
    with database(server):
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt is not None and attempt.is_open, f"attempt {attempt_id} is not open"
        answers: dict[str, str | list[str]] = {}
        for item in attempt.items:
            answers |= _full_marks(item.position, item.snapshot, item.presented)
        return answers


def attempt_id(page: Page) -> int:
    found = re.search(r"/tes/(\d+)$", page.url)
    assert found, f"not on a test page: {page.url}"
    return int(found.group(1))


# --- Filling forms ----------------------------------------------------------------------------


def fill_answers(scope: Page | Locator, answers: dict[str, str | list[str]]) -> None:
    """Put values into the question fields named by `answers` (radio, checkbox, select, text)."""
    for name, wanted in answers.items():
        for value in wanted if isinstance(wanted, list) else [wanted]:
            control = scope.locator(f'[name="{name}"]').first
            kind = control.evaluate("e => e.tagName === 'INPUT' ? e.type : e.tagName")
            if kind in ("radio", "checkbox"):
                scope.locator(f'[name="{name}"][value="{value}"]').check()
            elif kind == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)


def answer_anything(scope: Page | Locator) -> int:
    """Give some answer to every question field in scope, as a learner guessing would.

    Returns the number of questions answered.
    """
    questions = scope.locator("fieldset.question")
    for index in range(questions.count()):
        question = questions.nth(index)
        choices = question.locator("input[type=radio], input[type=checkbox]")
        if choices.count():
            choices.first.check()
        for select in question.locator("select").all():
            select.select_option(index=1)
        for box in question.locator("input[type=text], textarea").all():
            box.fill("22")
    return questions.count()
