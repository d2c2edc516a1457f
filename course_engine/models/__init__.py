"""Every table, one file per aggregate; importing this package registers them all."""

from course_engine.models.attempt import AttemptStatus, QuizAttempt, QuizVersion, SurveyResponse
from course_engine.models.audit import AuditEntry
from course_engine.models.certificate import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateState,
    CertificateStatus,
    IllegalTransition,
)
from course_engine.models.content_release import ContentRelease
from course_engine.models.enrolment import Enrolment, ModuleCompletion, PageVisit
from course_engine.models.export import ExportFile, ExportJob, ExportStatus
from course_engine.models.identity import ExternalIdentity, IdentityKind
from course_engine.models.journal import JournalEntry
from course_engine.models.lti import LtiLaunchNonce, LtiLaunchState, LtiPlatform
from course_engine.models.lti_grades import LtiContext, LtiGradeLink, LtiScore, ScoreStatus
from course_engine.models.mail import EmailPreference, MailStatus, OutgoingMail
from course_engine.models.organization import Cohort, InviteCode, Organization
from course_engine.models.rate_limit import RateLimitCounter
from course_engine.models.status_list import StatusList
from course_engine.models.user import AccessRole, PasswordResetToken, RegistrationRequest, User
from course_engine.models.user_session import UserSession

__all__ = [
    "AccessRole",
    "AttemptStatus",
    "AuditEntry",
    "Certificate",
    "CertificateAction",
    "CertificateEvent",
    "CertificateState",
    "CertificateStatus",
    "EmailPreference",
    "Cohort",
    "ContentRelease",
    "Enrolment",
    "ExternalIdentity",
    "IdentityKind",
    "ExportFile",
    "ExportJob",
    "ExportStatus",
    "IllegalTransition",
    "InviteCode",
    "JournalEntry",
    "LtiContext",
    "LtiGradeLink",
    "LtiLaunchNonce",
    "LtiLaunchState",
    "LtiPlatform",
    "LtiScore",
    "MailStatus",
    "ModuleCompletion",
    "Organization",
    "OutgoingMail",
    "PageVisit",
    "PasswordResetToken",
    "RegistrationRequest",
    "QuizAttempt",
    "QuizVersion",
    "RateLimitCounter",
    "ScoreStatus",
    "StatusList",
    "SurveyResponse",
    "User",
    "UserSession",
]
