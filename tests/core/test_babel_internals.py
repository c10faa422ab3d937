"""lms/web/i18n.py leans on private parts of Flask-Babel; an upgrade that drops one fails here.

The parts: the per-context namespace `g._flask_babel`, its `babel_translations` slot (which
Flask-Babel's `refresh()` and `force_locale()` clear), and the `domain_instance` cached property
of the Babel instance, which `get_domain()` reads.
"""

from flask import g
from flask_babel import force_locale, get_babel, get_domain, gettext, refresh

from lms.web.i18n import RequestCachedDomain

from .test_i18n import en_app  # noqa: F401  (the app with the English catalog compiled)


def test_flask_babel_takes_its_domain_from_the_slot_we_fill(en_app):  # noqa: F811
    assert isinstance(get_babel(en_app).instance.domain_instance, RequestCachedDomain)
    with en_app.test_request_context():
        assert isinstance(get_domain(), RequestCachedDomain)


def test_translations_are_kept_in_the_slot_flask_babel_clears(en_app):  # noqa: F811
    with en_app.test_request_context():
        assert gettext("Keluar") == "Keluar"
        kept = g._flask_babel.babel_translations
        assert get_domain().get_translations() is kept  # kept for the rest of the request
        with force_locale("en"):
            assert g._flask_babel.babel_translations is None
            assert gettext("Keluar") == "Sign out"
        assert gettext("Keluar") == "Keluar"
        refresh()
        assert not hasattr(g._flask_babel, "babel_translations")
