"""Everything the application stores about one learner, as JSON-ready data (their own export).

Course evaluation answers are not included: they are stored without any link to the learner,
so they cannot be found (or told apart from anyone else's).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.models import (
    Certificate,
    Enrolment,
    ModuleCompletion,
    PageVisit,
    QuizAttempt,
    User,
)
from course_engine.progress.journal import journal_of

NOTE = (
    "Your course evaluation answers are not included: they are stored without your name or "
    "account, so they cannot be linked back to you. Your password is stored only as a one-way "
    "hash and is not included either."
)


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601 text, or None."""
    return value.isoformat() if value is not None else None


def personal_data(session: Session, user: User, exported_at: datetime) -> dict[str, Any]:
    """The learner's profile, enrolments with visits, completions and attempts, certificates."""
    enrolments = list(
        session.scalars(
            select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.enrolled_at)
        )
    )
    ids = [enrolment.id for enrolment in enrolments]
    visits = _grouped(session, PageVisit, ids, PageVisit.module_id, PageVisit.page)
    completions = _grouped(session, ModuleCompletion, ids, ModuleCompletion.completed_at)
    attempts = _grouped(session, QuizAttempt, ids, QuizAttempt.quiz_id, QuizAttempt.number)
    certificates = session.scalars(
        select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id)
    )
    return {
        "exported_at": iso(exported_at),
        "note": NOTE,
        "profile": _profile(user),
        "enrolments": [
            {
                "course": enrolment.course_slug,
                "enrolled_at": iso(enrolment.enrolled_at),
                "pretest_skipped_at": iso(enrolment.pretest_skipped_at),
                "last_module": enrolment.last_module_id,
                "last_page": enrolment.last_page,
                "last_active_at": iso(enrolment.last_active_at),
                "completed_at": iso(enrolment.completed_at),
                "page_visits": [
                    {"module": v.module_id, "page": v.page, "reached_at": iso(v.reached_at)}
                    for v in visits[enrolment.id]
                ],
                "module_completions": [
                    {"module": c.module_id, "completed_at": iso(c.completed_at)}
                    for c in completions[enrolment.id]
                ],
                "quiz_attempts": [_attempt(a) for a in attempts[enrolment.id]],
            }
            for enrolment in enrolments
        ],
        "certificates": [_certificate(c) for c in certificates],
        "journal": [
            {
                "course": line.course_slug,
                "module": line.module_id,
                "page": line.page,
                "prompt": line.prompt,
                "text": line.text,
                "updated_at": iso(line.updated_at),
            }
            for line in journal_of(session, user.id)
        ],
    }


def _grouped(session: Session, model: Any, ids: list[int], *order: Any) -> dict[int, list[Any]]:
    """Rows of ``model`` for these enrolments, grouped by enrolment (one query)."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in session.scalars(select(model).where(model.enrolment_id.in_(ids)).order_by(*order)):
        grouped[row.enrolment_id].append(row)
    return grouped


def _profile(user: User) -> dict[str, Any]:
    """The account's own fields (never the password hash or session details)."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "organization_kind": user.organization_kind,
        "organization_name": user.organization_name,
        "state": user.state,
        "organization": user.organization.name if user.organization else None,
        "cohort": user.cohort.name if user.cohort else None,
        "access_role": user.access_role.value,
        "created_at": iso(user.created_at),
        "last_login_at": iso(user.last_login_at),
    }


def _attempt(attempt: QuizAttempt) -> dict[str, Any]:
    """One quiz attempt with the answers given and the per-question results."""
    return {
        "quiz": attempt.quiz_id,
        "number": attempt.number,
        "status": attempt.status.value,
        "started_at": iso(attempt.started_at),
        "submitted_at": iso(attempt.submitted_at),
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "answers": attempt.answers,
        "results": attempt.results,
    }


def _certificate(certificate: Certificate) -> dict[str, Any]:
    """One certificate as issued, with what became of it."""
    return {
        "serial": certificate.serial,
        "course": certificate.course_slug,
        "course_title": certificate.course_title,
        "course_version": certificate.course_version,
        "learner_name": certificate.learner_name,
        "hours": certificate.hours,
        "status": certificate.status.value,
        "completed_at": iso(certificate.completed_at),
        "issued_at": iso(certificate.issued_at),
        "expires_on": iso(certificate.expires_on),
        "revoked_at": iso(certificate.revoked_at),
        "revoke_reason": certificate.revoke_reason,
    }
