"""The test factories themselves: fixed NIPs written into files never meet generated ones."""

from tests.factories import valid_nip


def test_generated_nips_never_repeat_the_fixed_serials_tests_use():
    # A hypothesis test imported valid_nip(100) while a user made earlier in the session had
    # drawn serial 100 too: a UNIQUE failure that depended on the order the tests ran in.
    fixed = {valid_nip(serial) for serial in range(1000)}
    generated = {valid_nip() for _ in range(3000)}
    assert len(generated) == 3000
    assert not fixed & generated
