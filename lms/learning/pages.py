"""What the learner's lesson page needs besides the lesson, for learning's views and the
trainer's preview in authoring alike (a feature never imports another's forms)."""

from flask_wtf import FlaskForm

from .forms import ReflectionForm, RtlForm
from .models import Lesson, Reflection


def reflection_forms(lesson: Lesson, saved: dict[str, Reflection]) -> dict[str, FlaskForm]:
    """A form for each reflection and RTL block, filled in with what the learner saved."""
    forms = {}
    for block in lesson.blocks:
        if block.get("kind") in ("reflection", "rtl"):
            form_class = RtlForm if block["kind"] == "rtl" else ReflectionForm
            reflection = saved.get(block["key"])
            data = _data(reflection) if reflection else {}
            forms[block["key"]] = form_class(formdata=None, prefix=block["key"], data=data)
    return forms


def _data(reflection: Reflection) -> dict:
    data = {"text": reflection.text, "shared": reflection.shared}
    if reflection.kind == "rtl":
        due = reflection.plan_due.isoformat() if reflection.plan_due else ""
        data |= {"due": due, "success": reflection.plan_success, "people": reflection.plan_people}
    return data
