"""Language: which one a request uses, and a translation lookup fast enough for every string.

Flask-Babel finds the request's translations again for every string it translates (about
15 µs each, through several context lookups); a page has 50-100 strings. The translations are
kept for the rest of the request in the slot Flask-Babel itself clears whenever the language
changes (`refresh()`, `force_locale()`), so switching language works as before.
"""

from flask import Flask, current_app, g, has_request_context, session
from flask_babel import Domain, get_babel
from jinja2 import pass_context
from markupsafe import Markup


def select_locale() -> str:
    if has_request_context() and session.get("lang"):
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


class RequestCachedDomain(Domain):
    """Flask-Babel's message domain, remembering the translations for the current context."""

    def get_translations(self):
        try:
            babel_context = g._flask_babel  # Flask-Babel's per-context namespace
        except (AttributeError, RuntimeError):  # not made yet, or no app context at all
            return super().get_translations()
        translations = getattr(babel_context, "babel_translations", None)
        if translations is None:
            translations = babel_context.babel_translations = super().get_translations()
        return translations


def init_app(app: Flask) -> None:
    """After `babel.init_app(app)`: the faster lookup for Python code and for templates."""
    domain = RequestCachedDomain(domain=get_babel(app).default_domain)
    get_babel(app).instance.domain_instance = domain  # Flask-Babel's cached_property slot
    translations = domain.get_translations
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @pass_context
    def template_gettext(context, string: str, /, **variables) -> str:
        # Jinja's newstyle wrapper, minus one indirection, and the common case of a fixed
        # string in an HTML template answered from a per-language dictionary.
        language = translations()
        if not context.eval_ctx.autoescape:
            return language.ugettext(string) % variables
        if variables:
            return Markup(language.ugettext(string)) % variables
        fixed_strings = language.__dict__.setdefault("lms_fixed_strings", {})
        fixed = fixed_strings.get(string)
        if fixed is None:
            fixed = fixed_strings[string] = Markup(language.ugettext(string)) % {}
        return fixed

    app.jinja_env.globals["gettext"] = template_gettext
