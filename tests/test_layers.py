"""The direction of imports inside `lms`, written down once and enforced.

Each line of LAYERS is a layer, lowest first. A package (or top-level module) of `lms` may
import only from the lines above its own; packages on the same line are peers and may not
import each other. So a cycle between packages always fails, and so does an upward import.
A new package fails until it is given a line. Across features only models, services and the
like are imported, never another feature's views or forms (the factory registers the
blueprints; pages link with url_for). Imports under `if TYPE_CHECKING:` load nothing
and name a class for annotations only; they are not counted.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import lms

LAYERS = """
extensions
errors html clock nip
web images
questions ratelimit backup
audit
people
auth assignments
certificates core help
learning
quizzes evaluation
content reminders team
authoring monev records
questionbank
demo
cli models
lms
"""
# extensions: db, login manager, babel, csrf   errors, html, clock, nip: shared primitives
# web: request plumbing every blueprint uses (guards, the empty form, exports, i18n, the
#   database's part in a request); questions: the pure question-kind registry and GIFT
# the features, each above what it uses; demo: the demo data generator, which uses them all
# cli, models: the command group and the whole schema; lms: the application factory

Graph = dict[str, set[str]]


def rank() -> dict[str, int]:
    return {name: i for i, line in enumerate(LAYERS.split("\n")) for name in line.split()}


def unit_of(module: str) -> str:
    """`lms.people.services` → `people`; `lms` (the factory) → `lms`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imported_modules(tree: ast.Module) -> Iterator[str]:
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "lms":  # from lms import ratelimit, create_app: a module or a name
                yield from (f"lms.{alias.name}" for alias in node.names)
            else:
                yield node.module


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in {
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        }:
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def import_graph(root: Path) -> Graph:
    """Unit → the units it imports (relative imports stay inside a package, so they are skipped)."""
    graph: Graph = {}
    units = {path.stem for path in root.iterdir() if path.is_dir() or path.suffix == ".py"}
    for path in sorted(root.rglob("*.py")):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        unit = unit_of(module.removesuffix(".__init__"))
        targets = graph.setdefault(unit, set())
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in imported_modules(tree):
            if name == "lms" or name.startswith("lms."):
                target = unit_of(name)
                targets.add(target if target in units else "lms")
        targets.discard(unit)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """One path for every cycle found by a depth-first walk (empty when the graph is acyclic)."""
    found, done, path = [], set(), []

    def walk(unit: str) -> None:
        if unit in path:
            found.append([*path[path.index(unit) :], unit])
            return
        if unit in done:
            return
        path.append(unit)
        for target in sorted(graph.get(unit, ())):
            walk(target)
        path.pop()
        done.add(unit)

    for unit in sorted(graph):
        walk(unit)
    return found


def violations(graph: Graph, order: dict[str, int]) -> list[str]:
    """Every import that is not strictly downward in `order`, and every unit it does not name."""
    problems = [f"{unit}: not in LAYERS" for unit in sorted(graph) if unit not in order]
    for unit, targets in sorted(graph.items()):
        for target in sorted(targets):
            if unit in order and target in order and order[target] >= order[unit]:
                problems.append(f"{unit} imports {target}")
    return problems


def test_lms_has_no_package_cycle():
    assert cycles(import_graph(Path(lms.__file__).parent)) == []


def test_lms_imports_only_downward():
    assert violations(import_graph(Path(lms.__file__).parent), rank()) == []


# Shared layers whose forms are made for reuse: the empty form, each question kind's editor form.
SHARED_PAGES = {"web", "questions"}


def foreign_pages(root: Path) -> list[str]:
    """Modules that import another feature's views or forms (the factory excepted)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        unit = unit_of(module.removesuffix(".__init__"))
        for name in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            parts = name.split(".")
            page = len(parts) == 3 and parts[0] == "lms" and parts[2] in {"views", "forms"}
            if page and parts[1] not in {unit, *SHARED_PAGES} and unit != "lms":
                found.append(f"{module} imports {name}")
    return found


def test_no_feature_imports_another_features_views_or_forms():
    assert foreign_pages(Path(lms.__file__).parent) == []


def test_the_checker_finds_a_deliberate_cycle(tmp_path):
    package = tmp_path / "lms"
    for name, source in {
        "__init__.py": "from lms.people.views import bp\n",
        "extensions.py": "",
        "people/__init__.py": "",
        "people/views.py": "from lms.audit import context\nfrom lms.extensions import db\n",
        "audit/__init__.py": "",
        "audit/context.py": "from . import models\n",
        "audit/models.py": "from lms.people.models import User\n",
        "people/models.py": "",
    }.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(source)
    graph = import_graph(package)
    assert cycles(graph) == [["audit", "people", "audit"]]
    order = {"extensions": 0, "audit": 1, "people": 2, "lms": 3}
    assert violations(graph, order) == ["audit imports people"]
    type_only = "if TYPE_CHECKING:\n    from lms.people.models import User\n"
    (package / "audit/models.py").write_text("from typing import TYPE_CHECKING\n\n" + type_only)
    assert cycles(import_graph(package)) == []
