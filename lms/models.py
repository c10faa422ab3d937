"""Every feature's mapped classes, imported once so the metadata (and Alembic) sees the schema."""

from lms.assignments.models import Assignment
from lms.audit.models import AuditEvent
from lms.authoring.models import AuthoringChange, AuthoringImage, ModuleMaintainer, VersionOverview
from lms.certificates.models import Certificate, Emblem, Issuer
from lms.evaluation.models import BehaviourEvaluation, BehaviourRating
from lms.help.models import HelpContact
from lms.learning.models import (
    Competency,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
    ModuleVersion,
    PracticeAnswer,
    ReactionSurvey,
    Reflection,
)
from lms.monev.models import ProgrammeStart, ServiceIndicator
from lms.people.models import RoleGrant, Unit, User
from lms.quizzes.models import Attempt, AttemptItem, Question
from lms.ratelimit.models import RateLimitHit
from lms.reminders.models import ReminderLog

__all__ = [
    "Assignment",
    "AuditEvent",
    "AuthoringChange",
    "AuthoringImage",
    "BehaviourEvaluation",
    "BehaviourRating",
    "HelpContact",
    "ModuleMaintainer",
    "Attempt",
    "AttemptItem",
    "Certificate",
    "Emblem",
    "Competency",
    "Enrollment",
    "Issuer",
    "Lesson",
    "LessonProgress",
    "Module",
    "ModuleVersion",
    "PracticeAnswer",
    "ProgrammeStart",
    "Question",
    "RateLimitHit",
    "ReactionSurvey",
    "ReminderLog",
    "Reflection",
    "RoleGrant",
    "ServiceIndicator",
    "Unit",
    "User",
    "VersionOverview",
]
