"""The README's two commands still spell out their steps (a dry run of make, nothing executed)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def dry_run(target: str) -> str:
    done = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), target], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is what the README asks for")
def test_make_run_installs_from_the_lock_migrates_loads_the_demo_and_serves() -> None:
    steps = dry_run("run")
    order = [
        "-m venv .venv",
        "pip install --quiet --require-hashes -r requirements.lock",
        "pybabel compile",
        ".venv/bin/flask --app wsgi db upgrade",
        ".venv/bin/flask --app wsgi lms content import content",
        ".venv/bin/flask --app wsgi lms demo",
        ".venv/bin/flask --app wsgi run --host 127.0.0.1 --port 5000",
    ]
    positions = [steps.find(step) for step in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is what the README asks for")
def test_make_test_installs_the_test_lock_and_runs_the_suite() -> None:
    steps = dry_run("test")
    assert "pip install --quiet --require-hashes -r requirements-test.lock" in steps
    assert ".venv/bin/python -m pytest" in steps
