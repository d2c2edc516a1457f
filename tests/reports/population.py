"""A population like the issue 21 audit's, built with the factories and known timestamps.

Three organizations (a school, a health center, a district), four cohorts, staff of each kind
enrolled with progress of their own, and 36 learners in nine stages: not started, pre-test
opened and never submitted, pre-test only (two months ago), pre-test skipped and pages read,
an old page and a knowledge check retaken this week, and completers on both sides of midnight
in New York on October 31 (a valid, a revoked certificate), a deactivated completer and a
deleted one. Learners of the district answered "school" for their own kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from course_engine.admin.operations import delete_user
from course_engine.certificates.operations import issue_for_enrolment, revoke
from course_engine.content import Course, Quiz
from course_engine.models import AccessRole, AttemptStatus, Cohort, Enrolment, Organization, User
from tests.factories import (
    create_attempt,
    create_cohort,
    create_enrolment,
    create_module_completion,
    create_organization,
    create_page_visit,
    create_user,
)

#: 03:30 UTC on November 1 is 23:30 on October 31 in New York; 04:30 UTC is 00:30 on Nov 1.
BEFORE_MIDNIGHT = datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 11, 1, 4, 30, tzinfo=UTC)
ROLES = ["teacher", "school_staff", "health_center_staff", "family_member"]
STATES = ["MD", "VA", "NY", "PA", "MD", "VA"]
STAGES = 9


@dataclass
class Population:
    """What the audit test looks at."""

    course: Course
    now: datetime
    organizations: list[Organization]
    cohorts: list[Cohort]
    admin: User
    org_admins: list[User]
    learners: list[User] = field(default_factory=list)


def _answers(quiz: Quiz, right: int) -> tuple[dict[str, object], dict[str, bool]]:
    """Answers to the quiz's single-choice questions: the first ``right`` right, then wrong,
    the last one left blank."""
    answers: dict[str, object] = {}
    results: dict[str, bool] = {}
    singles = [q for q in quiz.questions if q.type == "single"]
    for number, question in enumerate(singles):
        choices = question.choices  # type: ignore[attr-defined]
        good = next(c.key for c in choices if c.correct)
        bad = next(c.key for c in choices if not c.correct)
        blank = number == len(singles) - 1
        answers[question.id] = None if blank else (good if number < right else bad)
        results[question.id] = not blank and number < right
    return answers, results


def _quiz(
    session: Session,
    enrolment: Enrolment,
    quiz: Quiz,
    right: int,
    when: datetime,
    number: int = 1,
    status: AttemptStatus = AttemptStatus.SUBMITTED,
) -> None:
    answers, results = _answers(quiz, right)
    submitted = status == AttemptStatus.SUBMITTED
    create_attempt(
        session,
        enrolment,
        quiz.id,
        results=results if submitted else None,
        answers=answers if submitted else None,
        number=number,
        status=status,
        started_at=when,
        submitted_at=when if submitted else None,
        layout=[{"question": key, "order": []} for key in answers],
    )


def _progress(
    session: Session, course: Course, enrolment: Enrolment, stage: int, now: datetime, index: int
) -> None:
    """Record the stage's progress under ``enrolment``."""
    pretest, posttest = course.quiz(course.pretest or ""), course.quiz(course.posttest or "")
    assert pretest is not None and posttest is not None
    modules = course.visible_modules()
    check = next(course.quiz(m.quiz) for m in modules if m.quiz)
    assert check is not None
    if stage == 1:
        _quiz(session, enrolment, pretest, 0, now - timedelta(days=2), status=AttemptStatus.OPEN)
    elif stage == 2:
        _quiz(session, enrolment, pretest, index % 3, now - timedelta(days=60))
    elif stage == 3:
        enrolment.pretest_skipped_at = now - timedelta(days=10)
        enrolment.last_active_at = now - timedelta(days=9)
        create_page_visit(session, enrolment, modules[0].id, 1, reached_at=now - timedelta(days=9))
    elif stage == 4:
        old = now - timedelta(days=45)
        _quiz(session, enrolment, pretest, 1, old)
        enrolment.last_active_at = old
        create_page_visit(session, enrolment, modules[0].id, 1, reached_at=old)
        create_module_completion(session, enrolment, modules[0].id, completed_at=old)
        _quiz(session, enrolment, check, 0, old)
        _quiz(session, enrolment, check, 2, now - timedelta(days=3), number=2)  # a retake
    elif stage >= 5:
        done = {5: BEFORE_MIDNIGHT, 6: AFTER_MIDNIGHT}.get(stage, now - timedelta(days=5))
        _quiz(session, enrolment, pretest, 1, done - timedelta(days=20))
        for module in modules:
            create_page_visit(session, enrolment, module.id, 1, reached_at=done)
            create_module_completion(session, enrolment, module.id, completed_at=done)
        _quiz(session, enrolment, posttest, 1, done - timedelta(hours=2))
        _quiz(session, enrolment, posttest, 2 + index % 2, done, number=2)
        enrolment.last_active_at = enrolment.completed_at = done
        session.flush()
        certificate = issue_for_enrolment(session, enrolment, course)
        if stage == 6 and certificate is not None:
            revoke(session, certificate, "issued in error", None)


def build_population(session: Session, course: Course, now: datetime) -> Population:
    """Create everyone, enrol them and record their progress."""
    lincoln = create_organization(session, "Lincoln Elementary", kind="school", state="MD")
    eastside = create_organization(session, "Eastside Health Center", kind="health_center")
    district = create_organization(session, "Baltimore County Schools", kind="district")
    cohorts = [
        create_cohort(session, "Lincoln fall", lincoln),
        create_cohort(session, "Lincoln spring", lincoln),
        create_cohort(session, "Eastside 2026", eastside),
        create_cohort(session, "District leads", district),
    ]
    organizations = [lincoln, eastside, district]
    admin = create_user(session, email="audit.admin@example.org", access_role=AccessRole.ADMIN)
    people = Population(
        course,
        now,
        organizations,
        cohorts,
        admin,
        [
            create_user(
                session,
                email=f"org.admin{n}@example.org",
                organization_id=o.id,
                access_role=AccessRole.ORG_ADMIN,
            )
            for n, o in enumerate(organizations)
        ],
    )
    author = create_user(
        session,
        email="author@example.org",
        access_role=AccessRole.AUTHOR,
        organization_id=district.id,
    )
    for number, staff in enumerate([*people.org_admins, author]):
        enrolment = create_enrolment(session, staff, enrolled_at=now - timedelta(days=50))
        _progress(session, course, enrolment, 4 - number % 2 * 2, now, number)
    for index in range(4 * STAGES):
        organization = ([*organizations, None])[index % 4]
        cohort = {0: cohorts[index % 2], 1: cohorts[2], 2: cohorts[3]}.get(index % 4)
        user = create_user(
            session,
            email=f"audit{index}@example.org",
            full_name=f"Audit Learner {index:02}",
            organization_id=organization.id if organization else None,
            cohort_id=cohort.id if cohort else None,
            role=ROLES[index % 4],
            state=STATES[index % 6],
            organization_kind="school",
            organization_name="" if organization else "Home",
        )
        enrolled = datetime(2026, 9, 1, 12, tzinfo=UTC) + timedelta(days=index)
        enrolment = create_enrolment(session, user, enrolled_at=enrolled)
        stage = index % STAGES
        _progress(session, course, enrolment, stage, now, index)
        if stage == 7:
            user.is_active = False
        people.learners.append(user)
    session.flush()
    for user in people.learners[8::STAGES]:
        delete_user(session, user, admin)
    session.flush()
    return people
