"""One small organisation with an object of each kind, for the route and CSRF inventories.

The learner `L` sits in supervisor `S`'s team and owns the attempt, certificate, enrolment and
assignment whose ids appear in URLs; `S2` supervises another team (`L2`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from werkzeug.routing import Rule

from lms import clock
from lms.assignments import services as assignments
from lms.authoring.maintainers import add_maintainer
from lms.certificates.models import Emblem
from lms.extensions import db
from lms.help.models import HelpContact
from lms.learning import services as learning
from lms.monev.models import ServiceIndicator
from lms.people.models import Unit, User
from lms.quizzes import services as quizzes

from ..factories import make_certificate, make_module, make_unit, make_user

ROLES = ("anonymous", "learner", "trainer", "supervisor", "admin", "other_supervisor")


@dataclass
class World:
    users: dict[str, User]
    unit: Unit
    values: dict[str, object]

    def path(self, rule: Rule) -> str:
        return rule.build({name: self.values[name] for name in rule.arguments})[1]


def make_world() -> World:
    unit = make_unit("Dinas Kesehatan")
    boss = make_user("Kepala Bidang", unit=unit)
    learner = make_user("Peserta", supervisor=boss, unit=unit)
    other_boss = make_user("Kepala Lain", unit=unit)
    make_user("Staf Lain", supervisor=other_boss, unit=unit)
    users = {
        "learner": learner,
        "trainer": make_user("Widyaiswara", roles=("trainer",)),
        "supervisor": boss,
        "admin": make_user("Admin", roles=("admin",)),
        "other_supervisor": other_boss,
    }
    module = make_module("modul-uji")
    add_maintainer(module, users["trainer"].id)  # `trainer_other` maintains nothing
    enrollment = learning.enroll(learner, module)
    attempt = quizzes.start_attempt(enrollment, "pre")
    certificate = make_certificate(learner)
    assignments.assign(
        boss.id, [learner.id], [module.id], clock.today() + timedelta(days=30), today=clock.today()
    )
    indicator = ServiceIndicator(
        unit_id=unit.id,
        month=date(2026, 1, 1),
        waiting_minutes=30,
        ikm=80,
        recorded_by_id=users["admin"].id,
    )
    db.session.add(indicator)
    emblem = Emblem(data=b"\x89PNG", content_type="image/png", uploaded_by=users["admin"].id)
    db.session.add(emblem)
    contact = HelpContact(unit_id=unit.id, name="Sekretariat", email="s@contoh.go.id")
    contact.hours, contact.reply_time = "08.00–16.00 WIB", "1 hari kerja"
    db.session.add(contact)
    db.session.commit()
    assignment_id = assignments.active_assignments_for(learner.id)[0].id
    values = {
        "slug": "modul-uji",
        "position": 1,
        "key": "k1",
        "action": "arsipkan",
        "direction": "turun",
        "kind": "multichoice",
        "attempt_id": attempt.id,
        "certificate_id": certificate.id,
        "code": certificate.code,
        "user_id": learner.id,
        "unit_id": unit.id,
        "assignment_id": assignment_id,
        "enrollment_id": enrollment.id,
        "indicator_id": indicator.id,
        "emblem_id": emblem.id,
        "contact_id": contact.id,
        "name": "tidak-ada.png",
    }
    return World(users, unit, values)
