import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lms.extensions import db

from ..conftest import backend_url, drop_schema, make_app


# migrations/env.py is Flask-Migrate's stock template: it tries the deprecated get_engine() first.
@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_migrations_create_exactly_the_models(tmp_path_factory):
    """`flask db upgrade` on an empty database leaves nothing for autogenerate to add."""
    url = backend_url(tmp_path_factory, "migrations")
    app = make_app(url)
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": False}
            )
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    drop_schema(url)
    assert diff == [], "models and migrations differ: run `flask --app wsgi db migrate`"
