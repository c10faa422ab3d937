"""Many learners at once against a real gunicorn: no 5xx, every acknowledged submission once."""

import time

from .checks import audit
from .conftest import LEARNERS
from .learners import Crowd, Outcome

TIME_LIMIT_S = 60


def assert_all_done_and_stored(server, outcomes: list[Outcome]) -> None:
    """Every learner got through, no request failed on the server, the database agrees."""
    failures = [f"{o.nip}: {o.error!r}" for o in outcomes if o.error]
    assert failures == [], "\n".join(failures[:5]) + "\n" + server.log()
    server_errors = [(o.nip, *answer) for o in outcomes for answer in o.answers if answer[2] >= 500]
    assert server_errors == [], server.log()
    plans = [Crowd.plan(n) for n in range(LEARNERS)]
    assert [len(o.acknowledged["pre"]) for o in outcomes] == [
        2 if plan["double_submit"] else 1 for plan in plans
    ]  # both tabs of a double submission are answered with the result
    assert ["post" in o.acknowledged for o in outcomes] == [plan["finish"] for plan in plans]
    assert audit(server.database_url, outcomes) == []


def test_learners_submitting_at_once_are_each_stored_exactly_once(load_server):
    server, nips = load_server
    started = time.monotonic()
    outcomes = Crowd(server.url, nips, deadline_s=TIME_LIMIT_S - 15, retry=False).start().join()
    elapsed = time.monotonic() - started
    print(f"{LEARNERS} learners, {sum(len(o.answers) for o in outcomes)} requests: {elapsed:.1f} s")

    assert len(outcomes) == LEARNERS
    assert_all_done_and_stored(server, outcomes)
    assert elapsed < TIME_LIMIT_S
