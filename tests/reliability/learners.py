"""Simulated learners taking a pre-test over HTTP, as many at once as the test asks for.

Each learner signs in, starts the pre-test (some double-click), saves half the answers and
submits them all (some from two tabs at once). What counts is what the server acknowledged:
a submission is acknowledged when its POST is answered with a redirect to the result page.
With `retry` set, a request lost to the network (the server was killed) is tried again, the
way a learner presses the button again, until the deadline.
"""

import random
import re
import threading
import time
from dataclasses import dataclass, field

from .server import NETWORK_ERRORS, PASSWORD, Browser, Reply, csrf_token, radio_choices

SLUG = "manajemen-waktu"
RETRY_PAUSE_S = 0.2


class Unexpected(AssertionError):
    """The server answered, but not as a working application would."""


@dataclass
class Outcome:
    nip: str
    attempt_id: int | None = None
    # The answer sets of every submission the server acknowledged (two tabs: up to two).
    acknowledged: list[dict[str, str]] = field(default_factory=list)
    answers: list[tuple[str, str, int]] = field(default_factory=list)  # method, path, status
    network_failures: int = 0
    error: BaseException | None = None


class Learner:
    def __init__(self, base_url: str, nip: str, seed: int, deadline: float, retry: bool):
        self.browser = Browser(base_url)
        self.outcome = Outcome(nip)
        self.rng = random.Random(seed)
        self.deadline = deadline
        self.retry = retry
        self._lock = threading.Lock()

    def run(self, double_start: bool = False, double_submit: bool = False) -> Outcome:
        try:
            self._step(self._sign_in)
            self._in_tabs(self._start, 2 if double_start else 1)
            choices = self._step(self._open)
            self._step(self._save, {name: values[0] for name, values in choices.items()})
            tabs = 2 if double_submit else 1
            self._in_tabs(self._submit, tabs, lambda: self._pick(choices))
        except BaseException as error:  # reported by the test, with the learner's NIP
            self.outcome.error = error
        return self.outcome

    def _pick(self, choices: dict[str, list[str]]) -> dict[str, str]:
        return {name: self.rng.choice(values) for name, values in choices.items()}

    def _step(self, action, *args, browser: Browser | None = None):
        """Run a step; when the network loses it and retrying is on, run it again."""
        while True:
            try:
                return action(browser or self.browser, *args)
            except NETWORK_ERRORS:
                with self._lock:
                    self.outcome.network_failures += 1
                if not self.retry or time.monotonic() > self.deadline:
                    raise
                time.sleep(RETRY_PAUSE_S)

    def _in_tabs(self, action, tabs: int, make_args=None) -> None:
        """Do the same step from `tabs` browser tabs (one session) at the same moment."""
        start = threading.Barrier(tabs)
        errors: list[BaseException] = []

        def tab(browser: Browser, args: list) -> None:
            try:
                start.wait(timeout=10)
                self._step(action, *args, browser=browser)
            except BaseException as error:  # re-raised below, in the learner's thread
                errors.append(error)

        threads = [
            threading.Thread(
                target=tab,
                args=(self.browser.twin(), [make_args()] if make_args else []),
                daemon=True,
            )
            for _ in range(tabs)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def _record(self, method: str, path: str, reply: Reply) -> Reply:
        with self._lock:
            self.outcome.answers.append((method, path, reply.status))
        return reply

    def _get(self, browser: Browser, path: str) -> Reply:
        return self._record("GET", path, browser.get(path))

    def _post(self, browser: Browser, path: str, fields: dict[str, str]) -> Reply:
        return self._record("POST", path, browser.post(path, fields))

    def _expect(self, reply: Reply, status: int, location: str = "") -> Reply:
        if reply.status != status or not re.search(location, reply.location):
            raise Unexpected(
                f"{self.outcome.nip}: expected {status} {location!r}, got {reply.status} "
                f"{reply.location!r}:\n{reply.text[:1500]}"
            )
        return reply

    def _sign_in(self, browser: Browser) -> None:
        token = csrf_token(self._expect(self._get(browser, "/login"), 200).text)
        fields = {"csrf_token": token, "nip": self.outcome.nip, "password": PASSWORD}
        reply = self._expect(self._post(browser, "/login", fields), 302)
        while reply.status == 302:  # like a browser: on to the home page, which holds forms
            reply = self._get(browser, reply.location)
        self._expect(reply, 200)

    def _start(self, browser: Browser) -> None:
        page = self._expect(self._get(browser, f"/modul/{SLUG}"), 200)
        fields = {"csrf_token": csrf_token(page.text)}
        reply = self._post(browser, f"/modul/{SLUG}/pre-test", fields)
        found = re.fullmatch(r"/tes/(\d+)", self._expect(reply, 302, r"/tes/\d+$").location)
        with self._lock:
            if self.outcome.attempt_id not in (None, int(found.group(1))):
                raise Unexpected(f"{self.outcome.nip}: two tabs got two different attempts")
            self.outcome.attempt_id = int(found.group(1))

    def _open(self, browser: Browser) -> dict[str, list[str]]:
        page = self._expect(self._get(browser, self._attempt_path), 200)
        self._token = csrf_token(page.text)
        choices = radio_choices(page.text)
        if not choices:
            raise Unexpected(f"{self.outcome.nip}: the pre-test shows no choice question")
        return choices

    @property
    def _attempt_path(self) -> str:
        return f"/tes/{self.outcome.attempt_id}"

    def _save(self, browser: Browser, answers: dict[str, str]) -> None:
        half = dict(list(answers.items())[: len(answers) // 2])
        fields = {"csrf_token": self._token, "action": "save", **half}
        reply = self._post(browser, self._attempt_path, fields)
        # A save that reaches an attempt submitted before a crash is refused: also fine.
        if reply.status == 302 and reply.location.endswith("/hasil"):
            return
        self._expect(reply, 302, rf"{self._attempt_path}#simpan$")

    def _submit(self, browser: Browser, answers: dict[str, str]) -> None:
        fields = {"csrf_token": self._token, "action": "submit", **answers}
        reply = self._post(browser, self._attempt_path, fields)
        self._expect(reply, 302, rf"{self._attempt_path}/hasil$")
        with self._lock:
            self.outcome.acknowledged.append(answers)


def run_learners(
    base_url: str, nips: list[str], *, deadline_s: float, retry: bool = False
) -> list[Outcome]:
    """Every learner in a thread of its own, all released at once; every fourth double-submits
    and every seventh double-starts."""
    deadline = time.monotonic() + deadline_s
    learners = [Learner(base_url, nip, n, deadline, retry) for n, nip in enumerate(nips)]
    go = threading.Barrier(len(learners))
    outcomes: list[Outcome | None] = [None] * len(learners)

    def run(n: int) -> None:
        go.wait(timeout=30)
        outcomes[n] = learners[n].run(double_start=n % 7 == 3, double_submit=n % 4 == 1)

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(len(nips))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 30))
    return [o for o in outcomes if o is not None]
