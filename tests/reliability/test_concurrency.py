"""Many learners at once against a real gunicorn: no 5xx, every acknowledged submission once."""

import time

from .checks import audit
from .conftest import LEARNERS
from .learners import run_learners

TIME_LIMIT_S = 60


def server_errors(outcomes) -> list:
    return [(o.nip, *answer) for o in outcomes for answer in o.answers if answer[2] >= 500]


def test_learners_submitting_at_once_are_each_stored_exactly_once(load_server):
    server, nips = load_server
    started = time.monotonic()
    outcomes = run_learners(server.url, nips, deadline_s=TIME_LIMIT_S - 15)
    elapsed = time.monotonic() - started
    print(f"{LEARNERS} learners, {sum(len(o.answers) for o in outcomes)} requests: {elapsed:.1f} s")

    failures = [f"{o.nip}: {o.error!r}" for o in outcomes if o.error]
    assert failures == [], "\n".join(failures[:5]) + "\n" + server.log()
    assert server_errors(outcomes) == [], server.log()
    assert len(outcomes) == LEARNERS
    assert all(o.acknowledged for o in outcomes)
    assert sum(len(o.acknowledged) == 2 for o in outcomes) == LEARNERS // 4  # both tabs answered
    assert audit(server.database_url, outcomes) == []
    assert elapsed < TIME_LIMIT_S
