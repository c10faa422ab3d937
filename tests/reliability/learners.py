"""Simulated learners working through a module over HTTP, as many at once as a test asks for.

Each learner signs in, starts the pre-test (some double-click), saves half the answers and
submits them all (some from two tabs at once). Some go on to the end: every lesson, the RTL,
the post-test, and so the certificate. What counts is what the server acknowledged: a test is
submitted when its POST is answered with a redirect to the result page. With `retry` set, a
request lost to the network (the server was killed) is sent again, the way a learner presses
the button again, until the deadline.
"""

import datetime
import random
import re
import threading
import time
from dataclasses import dataclass, field

from .server import NETWORK_ERRORS, PASSWORD, Browser, Reply, csrf_token, radio_choices

SLUG = "manajemen-waktu"  # prepare_database sets its pass mark to 0: every finisher passes
RETRY_PAUSE_S = 0.2
RTL = "Mulai pekan depan saya menjadwalkan dua blok waktu kuadran II setiap Selasa pagi."


class Unexpected(AssertionError):
    """The server answered, but not as a working application would."""


@dataclass
class Outcome:
    nip: str
    attempts: dict[str, int] = field(default_factory=dict)  # "pre"/"post" -> attempt id
    # Per test, the answer sets of every acknowledged submission (two tabs: up to two).
    acknowledged: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    answers: list[tuple[str, str, int]] = field(default_factory=list)  # method, path, status
    refused: int = 0  # requests the server was not there to take
    cut: int = 0  # requests the server took and died before answering
    error: BaseException | None = None


class Learner:
    def __init__(self, base_url: str, nip: str, seed: int, deadline: float, retry: bool, progress):
        self.browser = Browser(base_url)
        self.outcome = Outcome(nip)
        self.rng = random.Random(seed)
        self.deadline = deadline
        self.retry = retry
        self.progress = progress
        self._lock = threading.Lock()
        self._token = ""

    def run(self, *, double_start=False, double_submit=False, finish=False) -> Outcome:
        try:
            self._step(self._sign_in)
            self._step(self._module_page)
            self._in_tabs(self._start, *[("pre",)] * (2 if double_start else 1))
            choices = self._step(self._open, "pre")
            self._step(self._save, {name: values[0] for name, values in choices.items()})
            tabs = 2 if double_submit else 1
            self._in_tabs(self._submit, *[("pre", self._pick(choices)) for _ in range(tabs)])
            if finish:
                self._step(self._rtl, self._step(self._lessons))
                self._step(self._start, "post")
                self._step(self._submit, "post", self._pick(self._step(self._open, "post")))
        except BaseException as error:  # reported by the test, with the learner's NIP
            self.outcome.error = error
        return self.outcome

    def _step(self, action, *args, browser: Browser | None = None):
        """Run a step; when the network loses it and retrying is on, run it again."""
        while True:
            try:
                return action(browser or self.browser, *args)
            except NETWORK_ERRORS as error:
                self._lost(error)
                if not self.retry or time.monotonic() > self.deadline:
                    raise
                time.sleep(RETRY_PAUSE_S)

    def _lost(self, error: BaseException) -> None:
        refused = ConnectionRefusedError in (type(error), type(getattr(error, "reason", None)))
        with self._lock:
            if refused:
                self.outcome.refused += 1
            else:  # the connection was cut, or the answer never came: the request was in flight
                self.outcome.cut += 1

    def _in_tabs(self, action, *per_tab: tuple) -> None:
        """Do a step from several browser tabs of one session at the same moment, each tab
        with its own arguments."""
        start = threading.Barrier(len(per_tab))
        errors: list[BaseException] = []

        def tab(browser: Browser, args: tuple) -> None:
            try:
                start.wait(timeout=10)
                self._step(action, *args, browser=browser)
            except BaseException as error:  # re-raised below, in the learner's thread
                errors.append(error)

        threads = [
            threading.Thread(target=tab, args=(self.browser.twin(), args), daemon=True)
            for args in per_tab
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def _pick(self, choices: dict[str, list[str]]) -> dict[str, str]:
        return {name: self.rng.choice(values) for name, values in choices.items()}

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
        page = self._get(browser, "/login")
        if page.status == 302:
            return  # an earlier try got through; only its answer was lost
        fields = {"csrf_token": csrf_token(self._expect(page, 200).text)}
        fields |= {"nip": self.outcome.nip, "password": PASSWORD}
        self._expect(self._post(browser, "/login", fields), 302)

    def _module_page(self, browser: Browser) -> None:
        """The module's page, as from a link on the home page: its start button's token."""
        page = self._expect(self._get(browser, f"/modul/{SLUG}"), 200)
        self._token = csrf_token(page.text)

    def _start(self, browser: Browser, test: str) -> None:
        reply = self._post(browser, f"/modul/{SLUG}/{test}-test", {"csrf_token": self._token})
        found = re.fullmatch(r"/tes/(\d+)", self._expect(reply, 302, r"^/tes/\d+$").location)
        with self._lock:
            if self.outcome.attempts.setdefault(test, int(found[1])) != int(found[1]):
                raise Unexpected(f"{self.outcome.nip}: two tabs got two {test}-test attempts")

    def _open(self, browser: Browser, test: str) -> dict[str, list[str]]:
        page = self._expect(self._get(browser, f"/tes/{self.outcome.attempts[test]}"), 200)
        choices = radio_choices(page.text)
        if not choices:
            raise Unexpected(f"{self.outcome.nip}: the {test}-test shows no choice question")
        return choices

    def _save(self, browser: Browser, answers: dict[str, str]) -> None:
        half = dict(list(answers.items())[: len(answers) // 2])
        path = f"/tes/{self.outcome.attempts['pre']}"
        reply = self._post(browser, path, {"csrf_token": self._token, "action": "save", **half})
        self._expect(reply, 302, rf"^{path}#simpan$")

    def _submit(self, browser: Browser, test: str, answers: dict[str, str]) -> None:
        path = f"/tes/{self.outcome.attempts[test]}"
        fields = {"csrf_token": self._token, "action": "submit", **answers}
        self._expect(self._post(browser, path, fields), 302, rf"^{path}/hasil$")
        with self._lock:
            self.outcome.acknowledged.setdefault(test, []).append(answers)
        self.progress.add()

    def _checks(self, browser: Browser, position: int) -> None:
        """Answer the lesson's practice checks: a lesson is done only after them."""
        lesson = f"/modul/{SLUG}/materi/{position}"
        page = self._expect(self._get(browser, lesson), 200).text
        for form in page.split("<form")[1:]:
            action = re.search(r'action="([^"#]*/cek/[^"#]+)', form.split(">", 1)[0])
            if action:
                answers = {name: values[0] for name, values in radio_choices(form).items()}
                fields = {"csrf_token": self._token, **answers}
                self._expect(self._post(browser, action[1], fields), 200)

    def _lessons(self, browser: Browser) -> int:
        """Mark every lesson done, in order, after its checks; return the last one's position."""
        position = 1
        while True:
            self._checks(browser, position)
            path = f"/modul/{SLUG}/materi/{position}/selesai"
            reply = self._expect(self._post(browser, path, {"csrf_token": self._token}), 302)
            following = re.match(rf"^/modul/{SLUG}/materi/(\d+)$", reply.location)
            if following is None:
                return position
            position = int(following[1])

    def _rtl(self, browser: Browser, position: int) -> None:
        lesson = f"/modul/{SLUG}/materi/{position}"
        page = self._expect(self._get(browser, lesson), 200).text
        prefix = re.search(r'<textarea[^>]*name="([\w-]+)-text"', page)[1]
        # Sixty days ahead is inside the allowed range whatever the server's time zone.
        due = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=60)).date().isoformat()
        fields = {
            f"{prefix}-csrf_token": self._token,
            f"{prefix}-text": RTL,
            f"{prefix}-due": due,
            f"{prefix}-success": "Dua blok waktu tercatat di kalender setiap pekan selama sebulan.",
            f"{prefix}-people": "Kepala seksi dan rekan satu ruangan",
        }
        self._expect(self._post(browser, f"{lesson}/rtl", fields), 302)


class Crowd:
    """Every learner in a thread of its own, all released at once. Every fourth submits the
    pre-test from two tabs, every seventh starts it from two, every fifth finishes the module."""

    def __init__(self, base_url: str, nips: list[str], *, deadline_s: float, retry: bool):
        self.deadline = time.monotonic() + deadline_s
        self.progress = Progress()
        self.learners = [
            Learner(base_url, nip, n, self.deadline, retry, self.progress)
            for n, nip in enumerate(nips)
        ]
        self.threads = [
            threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(len(nips))
        ]
        self._go = threading.Barrier(len(nips) + 1)
        self.outcomes: list[Outcome | None] = [None] * len(nips)

    @staticmethod
    def plan(n: int) -> dict[str, bool]:
        return {"double_start": n % 7 == 3, "double_submit": n % 4 == 1, "finish": n % 5 == 2}

    def _run(self, n: int) -> None:
        self._go.wait(timeout=30)
        self.outcomes[n] = self.learners[n].run(**self.plan(n))

    def start(self) -> "Crowd":
        for thread in self.threads:
            thread.start()
        self._go.wait(timeout=30)
        return self

    def join(self) -> list[Outcome]:
        for thread in self.threads:
            thread.join(timeout=max(1.0, self.deadline - time.monotonic() + 30))
        return [o for o in self.outcomes if o is not None]


class Progress:
    """How many submissions the server has acknowledged so far, for a test to wait on."""

    def __init__(self) -> None:
        self.acknowledged = 0
        self._changed = threading.Condition()

    def add(self) -> None:
        with self._changed:
            self.acknowledged += 1
            self._changed.notify_all()

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.acknowledged >= count, timeout)
