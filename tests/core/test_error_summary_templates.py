"""Every page with a POST form built from the field macros leads with the error summary."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).parents[2] / "templates"
FIELD_MACROS = re.compile(r"\{\{ (field|group|date_group|month_group)\(")
# Not pages: the macro file itself. The programme-start form answers by redirect with a
# flashed message (its field never shows an error on this page).
NOT_PAGES = {"authoring/_macros.html", "monev/levels.html"}


def pages_with_post_forms() -> list[str]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if 'method="post"' in text and FIELD_MACROS.search(text):
            found.append(str(path.relative_to(TEMPLATES)))
    return found


def test_every_form_page_sets_the_summary() -> None:
    pages = pages_with_post_forms()
    assert "auth/login.html" in pages and "certificates/issuer.html" in pages
    missing = [
        page
        for page in pages
        if page not in NOT_PAGES and "page_errors" not in (TEMPLATES / page).read_text()
    ]
    assert missing == []
