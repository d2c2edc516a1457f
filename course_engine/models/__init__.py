"""Every table, one file per aggregate; importing this package registers them all."""

from course_engine.models.attempt import AttemptStatus, QuizAttempt, SurveyResponse
from course_engine.models.audit import AuditEntry
from course_engine.models.certificate import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateState,
    CertificateStatus,
    IllegalTransition,
)
from course_engine.models.enrolment import Enrolment, ModuleCompletion, PageVisit
from course_engine.models.organization import Cohort, InviteCode, Organization
from course_engine.models.user import AccessRole, PasswordResetToken, User

__all__ = [
    "AccessRole",
    "AttemptStatus",
    "AuditEntry",
    "Certificate",
    "CertificateAction",
    "CertificateEvent",
    "CertificateState",
    "CertificateStatus",
    "Cohort",
    "Enrolment",
    "IllegalTransition",
    "InviteCode",
    "ModuleCompletion",
    "Organization",
    "PageVisit",
    "PasswordResetToken",
    "QuizAttempt",
    "SurveyResponse",
    "User",
]
