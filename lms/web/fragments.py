"""Pieces of pages rendered once and then kept in the process.

Only for HTML that depends on nothing but the language and facts that never change: the menu
for a set of roles, the footer, a module's task list for one state of progress, and published
content (a published module version never changes; an edit publishes a new version with a new
id). So an entry never goes stale and needs no invalidation. Each process keeps its own copy:
several app servers need no shared cache, and a restarted one simply renders again.
"""

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

MAX_ENTRIES = 5000  # about 1 KB each; a province has a few hundred published versions


def cached_render(template: str, key: tuple, **context) -> Markup:
    """`render_template(template, **context)`, rendered once per key and language."""
    return cached_renders(template, [(key, context)])


def cached_renders(template: str, pieces: list[tuple[tuple, dict]]) -> Markup:
    """Several (key, context) renderings of one template, joined: a list of cards."""
    cache = current_app.extensions.setdefault("lms.fragments", {})
    common = (template, str(get_locale()), request.script_root)
    html = []
    for key, context in pieces:
        piece = cache.get((*common, *key))
        if piece is None:
            if len(cache) >= MAX_ENTRIES:
                cache.clear()  # crude but safe bound: entries are cheap to render again
            piece = cache[(*common, *key)] = render_template(template, **context)
        html.append(piece)
    return Markup("".join(html))


# Which menu entry a blueprint's pages belong to, so the header marks it aria-current.
SECTIONS = {
    "learning": "home",
    "quizzes": "home",
    "certificates": "certificates",
    "team": "team",
    "authoring": "trainer",
    "module_ownership": "trainer",
    "questionbank": "trainer",
    "monev": "monev",
    "audit": "audit",
    "records": "people",
}
ENDPOINT_SECTIONS = {
    "core.home": "home",
    "people.units": "units",
    "people.edit_unit": "units",
    "auth.change_password": "password",
}


def nav_section() -> str:
    endpoint = request.endpoint or ""
    if endpoint in ENDPOINT_SECTIONS:
        return ENDPOINT_SECTIONS[endpoint]
    blueprint = endpoint.partition(".")[0]
    return "people" if blueprint == "people" else SECTIONS.get(blueprint, "")


def nav_items(roles: set[str]) -> Markup:
    """The main menu's links, the same for everyone with the same roles on the same section."""
    section = nav_section()
    key = (*sorted(roles), "@" + section)
    return cached_render("_nav_items.html", key, nav_roles=roles, section=section)


def footer_links() -> Markup:
    """The footer's text and links, the same on every page."""
    return cached_render("_footer_links.html", ())


def init_app(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["footer_links"] = footer_links
