"""Steps and checks shared by the browser journeys."""

import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from lms.demo.people import ADMIN_NIP, DEMO_PASSWORD, LEARNER_NIP, SUPERVISOR_NIP, TRAINER_NIP

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


class PageProblem(AssertionError):
    """A page that works but misses a quality bar; xfail(raises=PageProblem) marks known ones."""


class HorizontalScroll(PageProblem):
    """The page is wider than the viewport."""


class AccessibilityViolation(PageProblem):
    """axe-core found serious or critical WCAG 2.1 A/AA violations."""


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
        raise HorizontalScroll(
            f"{page.url} scrolls sideways: content {scroll_width}px wide in a "
            f"{client_width}px viewport; widest elements: {', '.join(culprits)}"
        )


def assert_accessible(page: Page, name: str = "") -> None:
    """Run axe-core (bundled, WCAG 2.1 A/AA); fail on serious or critical violations.

    The full report goes to test-artifacts/axe/<test>[-<name>].json.
    """
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = _axe.run(page, options=options).response["violations"]
    ACCESSIBILITY.mkdir(parents=True, exist_ok=True)
    report = ACCESSIBILITY / f"{_test_name()}{'-' + _slug(name) if name else ''}.json"
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
        raise AccessibilityViolation("\n".join(lines))


@dataclass
class Look:
    """What a journey checks at every step: a screenshot, no sideways scrolling, and axe once
    per kind of page.

    Problems are collected, so the journey goes on to its end; done() then raises them all.
    axe runs inside the page, so it needs JavaScript: `axe=False` for a tab without it.
    """

    axe: bool = True
    seen: set[str] = field(default_factory=set)
    problems: list[PageProblem] = field(default_factory=list)

    def __call__(self, page: Page, name: str, kind: str | None = None) -> None:
        shot(page, name)
        kind = kind or name
        try:
            assert_no_horizontal_scroll(page)
            if self.axe and kind not in self.seen:
                self.seen.add(kind)
                assert_accessible(page, name)
        except PageProblem as problem:
            self.problems.append(problem)

    def done(self) -> None:
        """Raise the problems seen (as their common class, for xfail's raises=)."""
        if not self.problems:
            return
        kinds = {type(problem) for problem in self.problems}
        kind = kinds.pop() if len(kinds) == 1 else PageProblem
        raise kind("\n".join(str(problem) for problem in self.problems))


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


def attempt_id(page: Page) -> int:
    found = re.search(r"/tes/(\d+)$", page.url)
    assert found, f"not on a test page: {page.url}"
    return int(found.group(1))


# --- Filling forms ----------------------------------------------------------------------------


def _values(wanted: str | list[str]) -> list[str]:
    return wanted if isinstance(wanted, list) else [wanted]


def fill_answers(scope: Page | Locator, answers: dict[str, str | list[str]]) -> None:
    """Put values into the question fields named by `answers` (radio, checkbox, select, text)."""
    for name, wanted in answers.items():
        for value in _values(wanted):
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
        for dropdown in question.locator("select").all():
            dropdown.select_option(index=1)
        for box in question.locator("input[type=text], textarea").all():
            box.fill("22")
    return questions.count()
