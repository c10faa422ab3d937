"""deploy/README.md "First start", step by step, on an empty database without the demo."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import drop_schema

from .conftest import ROOT, make_server, serving
from .journey import assert_accessible, shot, sign_in

pytestmark = pytest.mark.e2e

ADMIN_NIP = "197503032000031003"
STAFF_NIP = "199004042015032004"
NEW_PASSWORD = "Jambi-Sembilan-Lurah-2026"


def _readme_commands() -> list[str]:
    """The `flask ...` commands of the first-start section, in order."""
    readme = (ROOT / "deploy" / "README.md").read_text()
    section = readme.split("## First start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`\.venv/bin/flask --app wsgi ([^`]+)`", section)


@pytest.fixture
def empty_server(tmp_path_factory):
    server = make_server(tmp_path_factory, "first")
    yield server
    drop_schema(server.database_url)


def test_first_admin_of_an_empty_install_signs_in(empty_server, browser, tmp_path: Path):
    commands = _readme_commands()
    assert commands == [
        "db upgrade",
        "lms users import pegawai.csv",
        "lms users grant NIP admin",
        "lms users password NIP",
    ]
    csv = tmp_path / "pegawai.csv"
    csv.write_text(
        "nip,nama,email,jabatan,golongan,unit,nip_atasan\n"
        f'{ADMIN_NIP},"Hendra Gunawan, S.E., M.M.",,Kepala Bidang,IV/a,Dinas Kesehatan,\n'
        f"{STAFF_NIP},Rahmawati Putri,,Pranata Komputer,III/a,Dinas Kesehatan,{ADMIN_NIP}\n"
    )
    outputs = []
    for command in commands:
        args = command.replace("pegawai.csv", str(csv)).replace("NIP", ADMIN_NIP).split()
        outputs.append(empty_server.flask(*args).stdout)
    assert "2 created" in outputs[1]
    assert f"Peran admin diberikan kepada {ADMIN_NIP}" in outputs[2]
    password = outputs[3].splitlines()[1]

    with serving(empty_server):
        context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
        page = context.new_page()
        try:
            sign_in(page, empty_server.url, ADMIN_NIP, password)
            expect(page).to_have_url(re.compile(r"/kata-sandi"))
            shot(page, "first-start-change-password")
            page.locator("[name=current_password]").fill(password)
            page.locator("[name=new_password]").fill(NEW_PASSWORD)
            page.locator("[name=confirm_password]").fill(NEW_PASSWORD)
            with page.expect_navigation():
                page.locator("main form [type=submit]").click()
            expect(page.get_by_text("Kata sandi Anda telah diubah.")).to_be_visible()
            page.get_by_role("link", name="Pegawai", exact=True).first.click()
            expect(page).to_have_url(f"{empty_server.url}/admin/pegawai")
            expect(page.locator("main")).to_contain_text("Rahmawati Putri")
            shot(page, "first-start-admin")
            assert_accessible(page)
        finally:
            context.close()
