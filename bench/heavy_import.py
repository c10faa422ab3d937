"""The largest allowed bank import while 50 learners save answers (security issue, item 3).

    .venv/bin/python bench/heavy_import.py

One process, one SQLite file (the production default), the production busy timeout: a trainer
previews and then confirms an import of `MAX_IMPORT_QUESTIONS` GIFT questions while 50
learners, one thread each, save their reflection answer again and again until the import is
stored. Prints how long the confirmation took and how many learner saves answered anything
but a redirect: the target is 0.
"""

import io
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from lms.extensions import db  # noqa: E402
from lms.questionbank.transfer import MAX_IMPORT_QUESTIONS  # noqa: E402
from lms.quizzes.models import Question  # noqa: E402
from lms.web import database  # noqa: E402
from tests.conftest import login, make_app  # noqa: E402
from tests.factories import make_user  # noqa: E402
from tests.learning.helpers import learning_module, start  # noqa: E402
from tests.questionbank.helpers import BANK, as_trainer, bank_module  # noqa: E402

LEARNERS = 50
LESSON = "/modul/modul-belajar/materi/1/refleksi/ref1"


def gift(count: int) -> bytes:
    return "".join(
        f"::Soal {n}::Pertanyaan nomor {n}?{{=Ya ~Tidak}}\n\n" for n in range(count)
    ).encode()


def build(app) -> tuple[list, object]:
    """50 learners signed in on their lesson, and a trainer signed in on the bank."""
    token = database.write_intent.set(False)
    with app.app_context():
        db.create_all()
        bank_module()
        module = learning_module("modul-belajar")
        learners = []
        for n in range(LEARNERS):
            user = make_user(f"Peserta {n}")
            start(user, module)
            client = app.test_client()
            login(client, user)
            learners.append(client)
        trainer = app.test_client()
        as_trainer(trainer)
        db.session.remove()
    database.write_intent.reset(token)
    return learners, trainer


def questions() -> int:
    count = db.session.scalar(select(func.count()).select_from(Question))
    db.session.remove()
    return count


def learner_loop(client, stop: threading.Event, statuses: list[int]) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        form = {"ref1-text": f"Rencana saya, versi {n}: menyusun format isian baku."}
        statuses.append(client.post(LESSON, data=form).status_code)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bina-heavy-import-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    # The production busy timeout (config.py), whatever the environment says.
    app = make_app(url, UPLOAD_DIR=str(folder / "uploads"), SQLITE_BUSY_TIMEOUT_MS=15000)
    learners, trainer = build(app)
    data = gift(MAX_IMPORT_QUESTIONS)
    with app.app_context():
        before = questions()
    started = time.perf_counter()
    preview = trainer.post(
        f"{BANK}/impor",
        data={"file": (io.BytesIO(data), "soal.gift")},
        content_type="multipart/form-data",
    )
    preview_s = time.perf_counter() - started
    assert preview.status_code == 200, preview.status_code
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text)[1]
    stop, statuses = threading.Event(), [[] for _ in learners]
    threads = [
        threading.Thread(target=learner_loop, args=(client, stop, mine))
        for client, mine in zip(learners, statuses, strict=True)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the learners are saving when the import starts
    started = time.perf_counter()
    confirmed = trainer.post(f"{BANK}/impor/simpan", data={"token": token})
    confirm_s = time.perf_counter() - started
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    with app.app_context():
        stored = questions() - before
    answers = [status for mine in statuses for status in mine]
    errors = sum(status != 302 for status in answers)
    print(
        f"import of {MAX_IMPORT_QUESTIONS} questions: preview {preview_s:.1f} s, "
        f"confirm {confirm_s:.1f} s (HTTP {confirmed.status_code}), {stored} question rows added"
    )
    print(
        f"{LEARNERS} learners: {len(answers)} saves, {errors} errors, "
        f"statuses {sorted(set(answers))}"
    )


if __name__ == "__main__":
    main()
