"""The change history speaks the trainer's language: no internal action or kind names."""

import ast
from pathlib import Path

from lms.authoring.services import ACTION_LABELS
from tests.questionbank.helpers import BANK, SLUG, as_trainer, bank_module, changes

LMS = Path(__file__).parents[2] / "lms"


def recorded_actions() -> set[str]:
    """Every action string any code passes to record_change."""
    found = set()
    for path in LMS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if isinstance(node, ast.Call) and name == "record_change":
                action = node.args[2]
                found |= {c.value for c in ast.walk(action) if isinstance(c, ast.Constant)}
    return found


def test_every_recorded_action_has_a_label() -> None:
    actions = recorded_actions()
    assert {"question.import", "publish", "module.archive"} <= actions
    assert actions - set(ACTION_LABELS) == set()
    assert set(ACTION_LABELS) - actions == set()  # no label for an action nothing records


def test_a_question_change_names_its_kind_as_the_editor_does(app, client):
    bank_module()
    as_trainer(client)
    client.post(f"{BANK}/3/hapus")
    [deleted] = changes("question.delete")
    assert "(" in deleted.detail and "truefalse" not in deleted.detail
    page = client.get(f"/pengajar/modul/{SLUG}").get_data(as_text=True)
    history = page.split("Menghapus soal", 1)[1][:300]
    for internal in ("question.", "multichoice", "truefalse", "shortanswer", "moodle-xml"):
        assert internal not in history
