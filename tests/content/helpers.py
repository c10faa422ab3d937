"""Copy the example content folder and break it in one place."""

import shutil
from pathlib import Path

GOOD = Path(__file__).parent / "data" / "good"
MODULE = "layanan-loket"


def copy_good(target: Path) -> Path:
    shutil.copytree(GOOD, target)
    return target


def replace(file: str, old: str, new: str):
    def change(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def rename(file: str, new_name: str):
    def change(root: Path) -> None:
        (root / file).rename((root / file).with_name(new_name))

    return change


def delete(file: str):
    def change(root: Path) -> None:
        (root / file).unlink()

    return change


def write_bytes(file: str, data: bytes):
    def change(root: Path) -> None:
        (root / file).write_bytes(data)

    return change


def check(runner, path: str, *options: str):
    return runner.invoke(args=["lms", "content", "check", path, *options])


def import_(runner, path: str):
    return runner.invoke(args=["lms", "content", "import", path])
