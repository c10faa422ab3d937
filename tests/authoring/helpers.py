"""Builders for authoring tests: a module made the way a trainer makes it, through the routes."""

from sqlalchemy import select

from lms.authoring.drafts import draft_of
from lms.authoring.maintainers import add_maintainer
from lms.extensions import db
from lms.learning.models import Competency, Module
from lms.questions.base import render_html
from lms.questions.gift import parse_gift, question_to_dict
from tests.conftest import login
from tests.factories import add_question, make_user

FIRST_BODY = """
Setelah mempelajari materi ini, Anda mampu memilah tugas.

## Matriks penting–mendesak

Di loket DPMPTSP, **antrean pagi** didahulukan.

```quiz
::Kuadran::Menyusun format isian baku termasuk kuadran? {
=Kuadran II#Tepat, penting tetapi tidak mendesak.
~Kuadran I#Kurang tepat, tidak ada tenggat hari ini.
}
```

```reflection
Tugas apa yang paling sering Anda tunda?
```
"""

LAST_BODY = """
## Rangkuman

- Rencanakan pekan.
- Lindungi waktu fokus.

```rtl
Tuliskan satu perubahan yang akan Anda lakukan bulan ini.
```
"""

BANK_GIFT = """
::Soal A::Apa langkah pertama? {=Memilah#Tepat. ~Menunda#Keliru. ~Menolak#Keliru.}

::Soal B::Kuadran II berisi tugas yang? {=Penting tidak mendesak#Tepat. ~Mendesak#Keliru.}

::Soal C::Tugas tanpa tenggat boleh diabaikan. {F#Keliru.#Tepat.}

::Soal D::Rapat tanpa agenda sebaiknya? {=Diminta agendanya#Tepat. ~Dihadiri saja#Keliru.}

::Soal E::Blok waktu fokus paling tepat diisi dengan? {=Tugas penting#Tepat. ~Surel#Keliru.}

::Soal F::Delegasi menyerahkan tanggung jawab akhir. {F#Keliru.#Tepat.}
"""


def competency(code: str = "ORH", name: str = "Orientasi pada Hasil") -> Competency:
    row = db.session.scalar(select(Competency).where(Competency.code == code))
    if row is None:
        row = Competency(code=code, name=name, type="manajerial", description=f"Uraian {name}.")
        db.session.add(row)
        db.session.commit()
    return row


def settings_data(**overrides) -> dict:
    data = {
        "title": "Manajemen Waktu Praktis",
        "summary": "Memilah prioritas dan merencanakan pekan kerja.",
        "main_competency": "ORH",
        "other_competencies": [],
        "jp": "1",  # about 25 minutes of study: 1 JP (content/README.md)
        "level": "dasar",
        "pretest_questions": "3",
        "posttest_questions": "3",
        "pass_mark": "70",
        "max_attempts": "3",
        "review_policy": "standar",
    }
    data.update(overrides)
    return data


def trainer_client(app, name: str = "Widyaiswara Uji", *, maintains: bool = True):
    """A signed-in trainer who maintains every module made so far (unless `maintains` is False)."""
    client = app.test_client()
    trainer = make_user(name, roles=("trainer",))
    if maintains:
        for module in db.session.scalars(select(Module)):
            add_maintainer(module, trainer.id)
        db.session.commit()
    login(client, trainer)
    return client, trainer


def create_module(client, slug: str = "manajemen-waktu-praktis", **overrides) -> Module:
    response = client.post(
        "/pengajar/modul-baru", data={"slug": slug, **settings_data(**overrides)}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(Module).where(Module.slug == slug))


def add_lesson(client, slug: str, title: str, body: str, minutes: int = 8):
    return client.post(
        f"/pengajar/modul/{slug}/materi-baru",
        data={"title": title, "minutes": str(minutes), "body": body},
    )


def bank_questions(code: str = "ORH") -> list[dict]:
    questions, errors = parse_gift(BANK_GIFT)
    assert not errors
    return [render_html(question_to_dict(q, code)) for q in questions]


def ready_module(client, slug: str = "manajemen-waktu-praktis", bank=None) -> Module:
    """An unpublished module: overview, two lessons (check, reflection, RTL), a bank of 3."""
    competency()
    module = create_module(client, slug)
    client.post(f"/pengajar/modul/{slug}/uraian", data={"source": "## Tentang modul\n\nUntuk ASN."})
    assert add_lesson(client, slug, "Memilah Prioritas", FIRST_BODY).status_code == 302
    assert add_lesson(client, slug, "Rencana Pekan", LAST_BODY).status_code == 302
    draft_id = module_draft_id(module)
    for question in bank if bank is not None else bank_questions():
        add_question(draft_id, question)
    return module


def module_draft_id(module: Module) -> int:
    return draft_of(module).id


def learner(name: str = "Peserta Uji"):
    return make_user(name)
