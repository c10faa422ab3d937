"""The `lms content check --json` document: each module's metadata and parsed bank questions."""

from typing import Any

from lms.questions.gift import question_to_dict

from .loader import Content, ModuleSource


def content_json(content: Content) -> dict[str, Any]:
    return {
        "modules": [module_json(module) for module in content.modules],
        "problems": [
            {"file": p.file, "line": p.line, "message": p.message} for p in content.problems
        ],
    }


def module_json(module: ModuleSource) -> dict[str, Any]:
    # Only modules that list behaviours carry the key: the document's schema is shared.
    behaviours = {"behaviours": module.behaviours} if module.behaviours else {}
    return behaviours | {
        "slug": module.slug,
        "title": module.title,
        "summary": module.summary,
        "competencies": module.competencies,
        "jp": module.jp,
        "level": module.level,
        "pretest": module.pretest,
        "posttest": {
            "questions": module.posttest_questions,
            "pass_mark": module.pass_mark,
            "max_attempts": module.max_attempts,
            "review": module.review_policy,
        },
        "lessons": [
            {"file": lesson.name, "title": lesson.title, "minutes": lesson.minutes}
            for lesson in module.lessons
        ],
        "questions": [question_to_dict(q, module.competency_of(q)) for q in module.questions],
    }
