"""Factories: make a user, organization, cohort or invite code in one call."""

from __future__ import annotations

import itertools
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.models import (
    AccessRole,
    Cohort,
    ExternalIdentity,
    IdentityKind,
    InviteCode,
    Organization,
    User,
)

#: The password every factory user has unless told otherwise.
DEFAULT_PASSWORD = "correct horse battery staple"

_numbers = itertools.count(1)


@cache
def _hash(password: str) -> str:
    """An argon2 hash of ``password``, computed once per test run (hashing is slow on purpose)."""
    return passwords.hash_password(password)


def create_user(
    session: Session,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    access_role: AccessRole = AccessRole.LEARNER,
    **kw: Any,
) -> User:
    """A user with a full profile; any column can be given as a keyword."""
    number = next(_numbers)
    email = email or f"learner{number}@example.org"
    values: dict[str, Any] = {
        "full_name": f"Learner {number}",
        "role": "teacher",
        "organization_kind": "school",
        "organization_name": "Lincoln Elementary",
        "state": "MD",
    }
    values.update(kw)
    values.setdefault("password_hash", _hash(password))
    user = User(email=email, email_key=email.strip().lower(), access_role=access_role, **values)
    session.add(user)
    session.flush()
    return user


def create_org_admin(session: Session, organization: Organization, **kw: Any) -> User:
    """An organization administrator of ``organization``."""
    return create_user(
        session, access_role=AccessRole.ORG_ADMIN, organization_id=organization.id, **kw
    )


def create_organization(session: Session, name: str | None = None, **kw: Any) -> Organization:
    """An organization (a school unless ``kind`` says otherwise)."""
    values: dict[str, Any] = {"kind": "school", "state": "MD"}
    values.update(kw)
    organization = Organization(name=name or f"School {next(_numbers)}", **values)
    session.add(organization)
    session.flush()
    return organization


def create_cohort(
    session: Session, name: str | None = None, organization: Organization | None = None, **kw: Any
) -> Cohort:
    """A cohort, in ``organization`` if given."""
    cohort = Cohort(
        name=name or f"Cohort {next(_numbers)}",
        organization_id=organization.id if organization else None,
        **kw,
    )
    session.add(cohort)
    session.flush()
    return cohort


def create_invite_code(
    session: Session,
    code: str | None = None,
    *,
    organization: Organization | None = None,
    cohort: Cohort | None = None,
    expires_at: datetime | None = None,
    max_uses: int | None = None,
    uses: int = 0,
) -> InviteCode:
    """An invite code placing new learners in ``organization`` and ``cohort``."""
    invite = InviteCode(
        code=code or secrets.token_urlsafe(8),
        organization_id=organization.id if organization else None,
        cohort_id=cohort.id if cohort else None,
        expires_at=expires_at,
        max_uses=max_uses,
        uses=uses,
    )
    session.add(invite)
    session.flush()
    return invite


# ---------------------------------------------------------------------------
# Progress: enrolments, page visits, module completions, quiz attempts, survey responses.
# ---------------------------------------------------------------------------

from course_engine.models import (  # noqa: E402
    AttemptStatus,
    Enrolment,
    ModuleCompletion,
    PageVisit,
    QuizAttempt,
    SurveyResponse,
)
from course_engine.models.types import utcnow  # noqa: E402
from course_engine.quizzes.grading import QuestionResult, stored_result  # noqa: E402

#: The bundled course.
COURSE_SLUG = "heart-collaboration"


def create_enrolment(
    session: Session, user: User, course_slug: str = COURSE_SLUG, **kw: Any
) -> Enrolment:
    """An enrolment of ``user``; enrolled_at, completed_at, last_active_at, ... as keywords."""
    enrolment = Enrolment(user_id=user.id, course_slug=course_slug, **kw)
    session.add(enrolment)
    session.flush()
    return enrolment


def create_page_visit(
    session: Session, enrolment: Enrolment, module_id: str, page: int = 1, **kw: Any
) -> PageVisit:
    """A page of a module reached under ``enrolment``."""
    visit = PageVisit(enrolment_id=enrolment.id, module_id=module_id, page=page, **kw)
    session.add(visit)
    session.flush()
    return visit


def create_module_completion(
    session: Session, enrolment: Enrolment, module_id: str, **kw: Any
) -> ModuleCompletion:
    """A module completed under ``enrolment``."""
    completion = ModuleCompletion(enrolment_id=enrolment.id, module_id=module_id, **kw)
    session.add(completion)
    session.flush()
    return completion


def create_attempt(
    session: Session,
    enrolment: Enrolment,
    quiz_id: str,
    percent: float | None = None,
    *,
    results: dict[str, Any] | None = None,
    answers: dict[str, Any] | None = None,
    number: int = 1,
    status: AttemptStatus = AttemptStatus.SUBMITTED,
    **kw: Any,
) -> QuizAttempt:
    """A quiz attempt (submitted unless told otherwise); ``results`` {id: correct?} is expanded.

    ``results`` may map question ids to True/False (one point each) or to full result dicts;
    they are stored as grading stores them (answered, and the wrong answer, from ``answers``).
    The layout lists the questions of ``results`` (or of ``answers``) in order.
    """
    expanded = {
        key: stored_result(
            QuestionResult.from_json(value)
            if isinstance(value, dict)
            else QuestionResult(1.0 if value else 0.0, 1.0, bool(value)),
            (answers or {}).get(key),
        )
        for key, value in (results or {}).items()
    }
    asked = list(expanded or answers or {})
    if percent is None and expanded:
        percent = round(100 * sum(r["points"] for r in expanded.values()) / len(expanded), 2)
    submitted = status == AttemptStatus.SUBMITTED
    if percent is not None:  # real attempts always carry the points behind the percent
        kw.setdefault("max_score", 100.0)
        kw.setdefault("score", percent * kw["max_score"] / 100)
    attempt = QuizAttempt(
        enrolment_id=enrolment.id,
        quiz_id=quiz_id,
        number=number,
        status=status,
        layout=kw.pop("layout", [{"question": key, "order": []} for key in asked]),
        answers=answers,
        results=expanded or None,
        percent=percent,
        passed=kw.pop("passed", None),
        submitted_at=kw.pop("submitted_at", utcnow() if submitted else None),
        **kw,
    )
    session.add(attempt)
    session.flush()
    return attempt


def create_survey_response(
    session: Session,
    answers: dict[str, Any],
    course_slug: str = COURSE_SLUG,
    quiz_id: str = "evaluation",
    **kw: Any,
) -> SurveyResponse:
    """An anonymous evaluation response."""
    response = SurveyResponse(
        course_slug=course_slug,
        quiz_id=quiz_id,
        answers=answers,
        submitted_on=kw.pop("submitted_on", utcnow().date()),
        **kw,
    )
    session.add(response)
    session.flush()
    return response


from course_engine.models import MailStatus, OutgoingMail  # noqa: E402


def create_failed_mail(session: Session, user: User | None = None, **kw: Any) -> OutgoingMail:
    """An outbox row that failed every try."""
    row = OutgoingMail(
        recipient=user.email if user else "someone@example.org",
        user_id=user.id if user else None,
        kind=kw.pop("kind", "password_reset"),
        subject=kw.pop("subject", "Reset your password"),
        text_body="Hello",
        html_body=None,
        headers={},
        status=MailStatus.FAILED,
        attempts=kw.pop("attempts", 5),
        last_error=kw.pop("last_error", "connection refused"),
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def create_identity(
    session: Session, user: User, provider: str = "district", **kw: Any
) -> ExternalIdentity:
    """An OpenID Connect identity linked to ``user`` (another kind with ``kind=``)."""
    number = next(_numbers)
    identity = ExternalIdentity(
        user_id=user.id,
        kind=kw.pop("kind", IdentityKind.OIDC),
        provider=provider,
        issuer=kw.pop("issuer", "https://idp.example.org"),
        subject=kw.pop("subject", f"subject-{number}"),
        email=kw.pop("email", user.email),
        **kw,
    )
    session.add(identity)
    session.flush()
    return identity


from course_engine.models import ExportFile, ExportJob, ExportStatus  # noqa: E402


def create_export_job(session: Session, owner: User, **kw: Any) -> ExportJob:
    """A finished certificate-ZIP export of ``owner``'s, downloadable for a day."""
    job = ExportJob(
        owner_id=owner.id,
        kind="certificates_zip",
        params={"course": "heart-collaboration"},
        status=ExportStatus.DONE,
        total=0,
        done=0,
        filename="certificates.zip",
        mimetype="application/zip",
        finished_at=utcnow(),
        expires_at=utcnow() + timedelta(days=1),
        **kw,
    )
    session.add(job)
    session.flush()
    session.add(ExportFile(job_id=job.id, content=b"PK\x05\x06" + bytes(18)))
    session.flush()
    return job


from course_engine.models import LtiGradeLink, LtiPlatform, LtiScore, ScoreStatus  # noqa: E402


def create_failed_score(session: Session, user: User, **kw: Any) -> LtiScore:
    """A score for an unreachable LMS that failed every try."""
    number = next(_numbers)
    platform = LtiPlatform(
        name=f"Unreachable LMS {number}",
        issuer=f"https://lms{number}.example",
        client_id="tool",
        deployment_ids=["1"],
        auth_login_url="http://127.0.0.1:9/authorize",
        auth_token_url="http://127.0.0.1:9/token",
        key_set_url="http://127.0.0.1:9/jwks",
    )
    session.add(platform)
    session.flush()
    link = LtiGradeLink(
        platform_id=platform.id,
        user_id=user.id,
        lti_user_id=f"lms-{number}",
        resource_link_id="link-1",
        course_slug="heart-collaboration",
        module_id="",
        lineitem_url="http://127.0.0.1:9/lineitems/1",
        scopes=["https://purl.imsglobal.org/spec/lti-ags/scope/score"],
    )
    session.add(link)
    session.flush()
    score = LtiScore(
        grade_link_id=link.id,
        score_given=kw.pop("score_given", 90.0),
        score_maximum=100.0,
        activity_progress="Completed",
        grading_progress="FullyGraded",
        status=ScoreStatus.FAILED,
        attempts=kw.pop("attempts", 8),
        last_error=kw.pop("last_error", "connection refused"),
        **kw,
    )
    session.add(score)
    session.flush()
    return score
