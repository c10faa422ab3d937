"""Bina ASN: the application factory."""

from pathlib import Path

from flask import Flask, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from lms import clock, errors, models  # noqa: F401  (models: the whole schema)
from lms.certificates import signing
from lms.extensions import babel, csrf, db, login_manager, migrate
from lms.web import assets, database, forms, fragments, i18n, numbers, params, security
from lms.web.redirects import return_path


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    _configure(app, overrides or {})
    _init_extensions(app)
    params.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    errors.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    fragments.init_app(app)
    signing.init_app(app)
    forms.init_app(app)
    if app.config["PROXY_FIX"]:  # behind nginx: client address and scheme from its headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


def _configure(app: Flask, overrides: dict) -> None:
    app.config.update(config.load())
    app.config.update(overrides)
    app.config["SECRET_KEY"] = config.secret_key(
        app.config["ENV_NAME"], app.config.get("SECRET_KEY"), Path(app.config["SECRET_KEY_FILE"])
    )
    app.config["PUBLIC_BASE_URL"] = config.public_base_url(
        app.config["ENV_NAME"], app.config.get("PUBLIC_BASE_URL")
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        app.config.setdefault(
            "SQLALCHEMY_ENGINE_OPTIONS",
            {
                "pool_pre_ping": True,
                "pool_size": app.config["DB_POOL_SIZE"],
                "max_overflow": app.config["DB_MAX_OVERFLOW"],
                "pool_timeout": 10,
                "pool_recycle": 1800,
            },
        )
    config.INSTANCE_DIR.mkdir(exist_ok=True)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(config.BASE_DIR / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    numbers.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    with app.app_context():
        database.init_app(app, db.engine)
    clock.init_app(app)
    app.jinja_env.globals["current_lang"] = i18n.select_locale


def _register_blueprints(app: Flask) -> None:
    from lms.audit.views import bp as audit_bp
    from lms.auth import sessions
    from lms.auth.views import bp as auth_bp
    from lms.authoring.media import bp as media_bp
    from lms.authoring.ownership import bp as module_ownership_bp
    from lms.authoring.views import bp as authoring_bp
    from lms.certificates.admin import bp as certificate_admin_bp
    from lms.certificates.views import bp as certificates_bp
    from lms.core.views import bp as core_bp
    from lms.help.views import bp as help_bp
    from lms.learning.views import bp as learning_bp
    from lms.monev.views import bp as monev_bp
    from lms.people.views import bp as people_bp
    from lms.questionbank.views import bp as questionbank_bp
    from lms.quizzes.views import bp as quizzes_bp
    from lms.records.views import bp as records_bp
    from lms.team.views import bp as team_bp
    from lms.web.guards import current_roles

    app.register_blueprint(core_bp)
    app.register_blueprint(help_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(certificate_admin_bp)
    app.register_blueprint(team_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(module_ownership_bp)
    app.register_blueprint(questionbank_bp)
    app.register_blueprint(monev_bp)
    app.register_blueprint(audit_bp)
    app.before_request(sessions.force_password_change)

    @app.context_processor
    def _inject():
        if not has_request_context():  # e.g. e-mails rendered by a CLI command
            return {"roles": set(), "return_path": "/"}
        return {"roles": current_roles(), "return_path": return_path(request)}


def _register_cli(app: Flask) -> None:
    from lms.cli import lms_cli

    app.cli.add_command(lms_cli)
