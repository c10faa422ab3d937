"""A Moodle XML export with an embedded image: imported by a trainer, seen by a learner."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms import clock
from lms.authoring.drafts import draft_of, publish
from lms.authoring.maintainers import add_maintainer
from lms.extensions import db
from lms.learning.models import Competency, Enrollment, Lesson, Module, ModuleVersion
from lms.people.services import find_by_nip
from tests.data.moodle_samples import image_question_xml

from .data import PASSWORD, add_employee, database
from .journey import DEMO, shot, sign_in, sign_in_as

pytestmark = pytest.mark.e2e

SLUG = "uji-impor-moodle"


def _module_without_questions(live_server) -> None:
    """A published module with one lesson and an empty bank, kept out of every catalogue."""
    with database(live_server):
        if db.session.scalar(select(Competency).where(Competency.code == "ORH")) is None:
            db.session.add(Competency(code="ORH", name="Orientasi pada Hasil", type="manajerial"))
        module = Module(slug=SLUG, archived=True)
        version = ModuleVersion(
            module=module,
            number=1,
            title="Uji Impor Moodle",
            jp=1,
            pretest_questions=1,
            posttest_questions=1,
            pass_mark=70,
            competency_codes=["ORH"],
            published_at=clock.utcnow(),
            lessons=[Lesson(position=1, title="Materi", minutes=1, blocks=[])],
        )
        db.session.add_all([module, version])
        db.session.flush()
        module.current_version_id = version.id
        add_maintainer(module, find_by_nip(DEMO["trainer"][0]).id)  # the trainer imports


def _publish_and_enrol(live_server, nip: str) -> None:
    """Publish the draft the import opened, and enrol the learner on it, before the pre-test."""
    with database(live_server):
        module = db.session.scalar(select(Module).where(Module.slug == SLUG))
        trainer = find_by_nip(DEMO["trainer"][0])
        version = publish(module, draft_of(module), trainer.id)
        learner = find_by_nip(nip)
        db.session.add(Enrollment(user_id=learner.id, module_id=module.id, version_id=version.id))


def test_an_embedded_image_reaches_the_learners_test(page, browser, base_url, live_server):
    _module_without_questions(live_server)
    sign_in_as(page, base_url, "trainer")
    page.goto(f"{base_url}/pengajar/modul/{SLUG}/soal/impor")
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "moodle.xml", "mimeType": "text/xml", "buffer": image_question_xml().encode()}
        ],
    )
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("1 soal akan ditambahkan ke draf")).to_be_visible()
    page.get_by_role("button", name="Tambahkan 1 soal").click()
    expect(page.get_by_text("1 soal ditambahkan ke draf bank soal.")).to_be_visible()
    expect(page.get_by_text("Peta Jambi")).to_be_visible()  # Moodle strips tags from names

    nip = add_employee(live_server, "Gita Simanjuntak")
    _publish_and_enrol(live_server, nip)
    learner = browser.new_context(base_url=base_url, locale="id-ID").new_page()
    sign_in(learner, base_url, nip, PASSWORD)
    learner.goto(f"{base_url}/modul/{SLUG}")
    learner.get_by_role("button", name="Mulai pre-test").click()
    image = learner.get_by_role("img", name="Kotak merah")
    expect(image).to_be_visible()
    assert image.get_attribute("src").startswith("/media/")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 8
    shot(learner, "moodle-image-in-test", full_page=False)
    learner.context.close()
