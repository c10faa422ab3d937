import pytest


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    """Import previews are kept as files: keep them out of the project's instance folder."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
