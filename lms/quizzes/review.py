"""What a learner may see after a test: keys and feedback only once they can no longer help.

A trainer picks a module's policy; the default is the loosest allowed, so a choice can only be
stricter:

    standar  keys after passing, or once the last post-test attempt is used (the default)
    lulus    keys only after passing
    tidak    never keys; the result per competency only

Before that, the pre-test shows its score and a competency profile, and a failed post-test
the result per competency and the lessons to revisit: never the keys, which the next attempt
or the post-test could reuse.
"""

POLICIES = ("standar", "lulus", "tidak")
DEFAULT_POLICY = POLICIES[0]


def shows_keys(policy: str, test: str, passed: bool | None, attempts_left: int | None) -> bool:
    """Whether the result page of an attempt may show keys and per-item feedback.

    `attempts_left` is None when the module sets no limit: the last attempt never comes.
    """
    if test != "post" or policy not in POLICIES or policy == "tidak":
        return False
    if passed:
        return True
    return policy == "standar" and attempts_left == 0
