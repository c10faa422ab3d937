"""`flask lms reminders send` against a real SMTP server on the loopback interface."""

import email
from datetime import date, timedelta
from email import policy

import pytest
from sqlalchemy import func, select

from lms import clock
from lms.assignments.models import Assignment
from lms.extensions import db
from lms.reminders import services
from lms.reminders.cli import reminders_cli
from lms.reminders.models import ReminderLog
from tests.factories import local_today, make_module, make_user
from tests.monev.helpers import enrol

TODAY = local_today()
NOW = clock.utcnow()


def _assign(user, module, due: date, boss, cancelled=False):
    assignment = Assignment(
        user_id=user.id,
        module_id=module.id,
        assigned_by_id=boss.id,
        due_date=due,
        cancelled_at=NOW if cancelled else None,
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


@pytest.fixture
def team(app):
    """Head G > supervisor S > learners L1 (with e-mail), L2 (without), L3 (inactive)."""
    head = make_user("Kepala Dinas", nip=None)
    head.email = "kepala@jambiprov.go.id"
    boss = make_user("Hendra Gunawan", supervisor=head)
    boss.email = "hendra@jambiprov.go.id"
    learner = make_user("Rahmawati Putri", supervisor=boss)
    learner.email = "rahmawati@jambiprov.go.id"
    no_mail = make_user("Tanpa Surel", supervisor=boss)
    gone = make_user("Sudah Pensiun", supervisor=boss, active=False)
    gone.email = "pensiun@jambiprov.go.id"
    m = {n: make_module(f"m{n}", title=f"Modul {n}") for n in range(1, 7)}
    soon = _assign(learner, m[1], TODAY + timedelta(days=2), boss)
    late = _assign(learner, m[2], TODAY - timedelta(days=5), boss)
    _assign(learner, m[3], TODAY + timedelta(days=10), boss)  # not yet
    _assign(learner, m[4], TODAY - timedelta(days=1), boss)  # done, below
    _assign(learner, m[5], TODAY - timedelta(days=9), boss, cancelled=True)
    _assign(no_mail, m[2], TODAY - timedelta(days=2), boss)
    _assign(gone, m[2], TODAY - timedelta(days=2), boss)
    enrol(learner, m[4], NOW - timedelta(days=20), NOW - timedelta(days=2), 40, 90)
    enrol(learner, m[6], NOW - timedelta(days=130), NOW - timedelta(days=100), 50, 80)
    db.session.commit()
    return {"head": head, "boss": boss, "learner": learner, "soon": soon, "late": late}


def _run(app):
    return app.test_cli_runner().invoke(reminders_cli, ["send"])


def _messages(smtp):
    return [
        (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default))
        for envelope in smtp.inbox.envelopes
    ]


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def _logged() -> int:
    return db.session.scalar(select(func.count(ReminderLog.id)))


def test_reminders_arrive_once(app, smtp, team):
    smtp.start()
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "Terkirim: 3 surel." in result.output
    assert "Dilewati (tanpa alamat surel): 1 orang." in result.output
    received = {tuple(to): message for to, message in _messages(smtp)}
    assert set(received) == {
        ("rahmawati@jambiprov.go.id",),
        ("hendra@jambiprov.go.id",),
        ("kepala@jambiprov.go.id",),
    }
    learner = received[("rahmawati@jambiprov.go.id",)]
    assert learner["Subject"] == "Pengingat tugas belajar: 1 terlambat, 1 segera jatuh tempo"
    assert learner["To"] == "Rahmawati Putri <rahmawati@jambiprov.go.id>"
    text, html = _parts(learner)
    assert "Yth. Rahmawati Putri," in text
    assert "sudah melewati batas waktu" in text and "Modul 2" in text
    assert "jatuh tempo dalam 3 hari" in text and "Modul 1" in text
    assert "Modul 3" not in text and "Modul 4" not in text and "Modul 5" not in text
    assert "/modul/m2" in text
    assert '<a href="http' in html and "Modul 1</a>" in html
    digest = received[("hendra@jambiprov.go.id",)]
    assert digest["Subject"].startswith("Ringkasan mingguan tim Anda di Bina ASN (pekan ")
    text, html = _parts(digest)
    assert "Menyelesaikan modul dalam 7 hari terakhir" in text and "Modul 4" in text
    assert "Tugas belajar yang terlambat" in text and "Tanpa Surel – Modul 2" in text
    assert "Menunggu evaluasi pasca pelatihan:" in text and "Modul 6" in text
    assert "Sudah Pensiun" not in text
    assert "<h2>Tugas belajar yang terlambat</h2>" in html
    # The head's subtree includes the supervisor's team.
    assert "Rahmawati Putri – Modul 4" in _parts(received[("kepala@jambiprov.go.id",)])[0]
    assert _logged() == 4  # due3 + overdue for the learner, two digests

    again = _run(app)
    assert again.exit_code == 0, again.output
    assert "Terkirim: 0 surel." in again.output
    assert len(smtp.inbox.envelopes) == 3


def test_smtp_down_reports_failures_and_retries_next_time(app, smtp, team):
    result = _run(app)
    assert result.exit_code == 1
    assert result.output.count("Gagal mengirim ke") == 3
    assert "Gagal mengirim ke rahmawati@jambiprov.go.id" in result.output
    assert "Gagal: 3 surel" in result.output
    assert _logged() == 0
    smtp.start()
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert len(smtp.inbox.envelopes) == 3
    assert _logged() == 4


def test_a_refused_recipient_fails_alone(app, smtp, team):
    smtp.inbox.refused.add("hendra@jambiprov.go.id")
    smtp.start()
    result = _run(app)
    assert result.exit_code == 1
    assert "Gagal mengirim ke hendra@jambiprov.go.id" in result.output
    assert "Terkirim: 2 surel." in result.output
    assert (
        db.session.scalar(select(func.count(ReminderLog.id)).where(ReminderLog.kind == "digest"))
        == 1
    )


def test_overdue_again_next_week_due_soon_only_once(app, team):
    week = services.iso_week
    first = services.pending(TODAY, NOW, 90)
    for reminder in first:
        assert services.deliver(reminder, lambda: None, NOW)
    db.session.commit()
    assert services.pending(TODAY, NOW, 90) == []
    next_week = services.pending(TODAY + timedelta(days=7), NOW + timedelta(days=7), 90)
    learner = next(r for r in next_week if r.user_id == team["learner"].id)
    later = TODAY + timedelta(days=7)
    late, soon = team["late"].id, team["soon"].id
    # Overdue ones come back once a week; the one due soon last week is now overdue, and the
    # assignment due in 10 days is now due within 3 days.
    assert {key.key for key in learner.keys} >= {
        f"overdue:{late}:{week(later)}",
        f"overdue:{soon}:{week(later)}",
    }
    assert [key.kind for key in learner.keys].count("due3") == 1
    assert f"due3:{soon}:{team['soon'].due_date.isoformat()}" not in {k.key for k in learner.keys}
    assert {r.kind for r in next_week} == {"learner", "digest"}


def test_a_new_due_date_is_reminded_again(app, team):
    for reminder in services.pending(TODAY, NOW, 90):
        services.deliver(reminder, lambda: None, NOW)
    team["soon"].due_date = TODAY + timedelta(days=1)
    db.session.commit()
    (learner,) = services.pending(TODAY, NOW, 90)
    assert [key.key for key in learner.keys] == [
        f"due3:{team['soon'].id}:{(TODAY + timedelta(days=1)).isoformat()}"
    ]
    assert list(learner.sections) == ["due3"]
