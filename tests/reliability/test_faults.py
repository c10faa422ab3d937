"""The server is killed (SIGKILL, master and workers) mid-run and restarted on the same database;
learners press again what failed. Nothing acknowledged is lost, nothing is half-written."""

import time

from .conftest import LEARNERS
from .learners import Crowd
from .test_concurrency import assert_all_done_and_stored

TIME_LIMIT_S = 60
SUBMISSIONS = sum(
    1 + plan["double_submit"] + plan["finish"] for plan in map(Crowd.plan, range(LEARNERS))
)
# Kill when a quarter of the submissions are acknowledged: by then the learners are spread
# over every step, from signing in to the certificate.
KILL_AT = SUBMISSIONS // 4
DOWN_S = 0.5


def test_killing_the_server_mid_run_loses_nothing_acknowledged(load_server):
    server, nips = load_server
    started = time.monotonic()
    crowd = Crowd(server.url, nips, deadline_s=TIME_LIMIT_S - 20, retry=True).start()
    assert crowd.progress.wait_for(KILL_AT), server.log()
    server.kill()
    assert crowd.progress.acknowledged < SUBMISSIONS, "the run ended before the kill"
    time.sleep(DOWN_S)
    server.start()
    outcomes = crowd.join()
    elapsed = time.monotonic() - started
    cut, refused = sum(o.cut for o in outcomes), sum(o.refused for o in outcomes)
    print(f"{elapsed:.1f} s, {cut} requests cut mid-flight, {refused} refused")

    assert cut > 0  # the kills did land in the middle of requests
    assert len(outcomes) == LEARNERS
    assert_all_done_and_stored(server, outcomes)
    assert elapsed < TIME_LIMIT_S
