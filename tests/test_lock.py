"""The lock files pin what pyproject.toml asks for: run `make lock` after changing a dependency."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)")


def pins(name: str) -> dict[str, str]:
    """Package → pinned version, after checking that every pin carries a hash."""
    text = (ROOT / name).read_text(encoding="utf-8")
    found = {}
    for entry in re.split(r"\n(?=\S)", text):
        match = _PIN.match(entry)
        if match:
            assert "--hash=sha256:" in entry, f"{name}: {match[1]} has no hash"
            found[canonicalize_name(match[1])] = match[2]
    return found


def unmet(requirements: list[str], pinned: dict[str, str]) -> list[str]:
    """The requirements the pins leave out or pin outside their range."""
    missing = []
    for line in requirements:
        requirement = Requirement(line)
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{line} (locked: {version})")
    return missing


def test_runtime_lock_pins_every_dependency_in_range() -> None:
    assert unmet(PROJECT["dependencies"], pins("requirements.lock")) == []


def test_test_lock_pins_dependencies_and_test_tools() -> None:
    wanted = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    assert unmet(wanted, pins("requirements-test.lock")) == []


def test_the_server_runs_what_the_tests_ran() -> None:
    runtime, tested = pins("requirements.lock"), pins("requirements-test.lock")
    assert {name: tested.get(name) for name in runtime} == runtime


def test_a_range_or_package_the_lock_misses_is_found() -> None:
    locked = pins("requirements.lock")
    assert unmet(["flask>=99", "no-such-package>=1"], locked) == [
        f"flask>=99 (locked: {locked['flask']})",
        "no-such-package>=1 (locked: None)",
    ]
