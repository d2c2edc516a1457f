"""How many learners an edit touches, in which state, and the edits refused because of them.

Counts only: authors see how many learners a change touches, never who they are.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from course_engine.content import ContentError
from course_engine.content.impact import COURSE, MODULE, Change
from course_engine.models import (
    Certificate,
    CertificateStatus,
    Enrolment,
    ModuleCompletion,
    PageVisit,
    QuizAttempt,
)

STATES = ("not started", "in progress", "completed", "certified")


@dataclass(frozen=True)
class Impact:
    """One change and how many learners it touches in each state."""

    change: Change
    counts: dict[str, int]

    @property
    def learners(self) -> int:
        """Everyone it touches."""
        return sum(self.counts.values())

    def summary(self) -> str:
        """'3 learners: 1 in progress, 2 certified' (states with nobody left out)."""
        parts = [f"{self.counts[s]} {s}" for s in STATES if self.counts.get(s)]
        noun = "learner" if self.learners == 1 else "learners"
        return f"{self.learners} {noun}" + (": " + ", ".join(parts) if parts else "")


def learner_states(session: Session, course_slug: str) -> dict[int, str]:
    """Each enrolment of the course and its state (not started ... certified)."""
    ids = select(Enrolment.id).where(Enrolment.course_slug == course_slug)
    rows = session.execute(
        select(Enrolment.id, Enrolment.completed_at).where(Enrolment.course_slug == course_slug)
    ).all()
    certified = set(
        session.scalars(
            select(Certificate.enrolment_id).where(
                Certificate.course_slug == course_slug,
                Certificate.status == CertificateStatus.VALID,
            )
        )
    )
    active = set(
        session.scalars(
            union(
                select(PageVisit.enrolment_id).where(PageVisit.enrolment_id.in_(ids)),
                select(QuizAttempt.enrolment_id).where(QuizAttempt.enrolment_id.in_(ids)),
            )
        )
    )
    states = {}
    for enrolment_id, completed_at in rows:
        if enrolment_id in certified:
            states[enrolment_id] = "certified"
        elif completed_at is not None:
            states[enrolment_id] = "completed"
        else:
            states[enrolment_id] = "in progress" if enrolment_id in active else "not started"
    return states


def holders(session: Session, course_slug: str, scope: str, scope_id: str) -> set[int]:
    """The enrolments with rows under a module or quiz id (everyone enrolled, for the course)."""
    ids = select(Enrolment.id).where(Enrolment.course_slug == course_slug)
    if scope == COURSE:
        return set(session.scalars(ids))
    if scope == MODULE:
        query: Any = union(
            select(PageVisit.enrolment_id).where(
                PageVisit.module_id == scope_id, PageVisit.enrolment_id.in_(ids)
            ),
            select(ModuleCompletion.enrolment_id).where(
                ModuleCompletion.module_id == scope_id, ModuleCompletion.enrolment_id.in_(ids)
            ),
        )
    else:
        query = select(QuizAttempt.enrolment_id).where(
            QuizAttempt.quiz_id == scope_id, QuizAttempt.enrolment_id.in_(ids)
        )
    return set(session.scalars(query))


def impact_of(session: Session, changes: list[Change]) -> list[Impact]:
    """Each change with the learners it touches, counted by state."""
    states: dict[str, dict[int, str]] = {}
    found = []
    for change in changes:
        if change.course not in states:
            states[change.course] = learner_states(session, change.course)
        touched = holders(session, change.course, change.scope, change.scope_id)
        counts = Counter(states[change.course][e] for e in touched if e in states[change.course])
        found.append(Impact(change, {state: counts.get(state, 0) for state in STATES}))
    return found


def recorded_ids(session: Session, course_slug: str) -> tuple[set[str], set[str]]:
    """The module ids and quiz ids the database holds rows under, for one course."""
    ids = select(Enrolment.id).where(Enrolment.course_slug == course_slug)
    modules = set(
        session.scalars(
            union(
                select(PageVisit.module_id).where(PageVisit.enrolment_id.in_(ids)),
                select(ModuleCompletion.module_id).where(ModuleCompletion.enrolment_id.in_(ids)),
            )
        )
    )
    quizzes = set(
        session.scalars(select(QuizAttempt.quiz_id).where(QuizAttempt.enrolment_id.in_(ids)))
    )
    return modules, quizzes


def impact_errors(
    session: Session, live: dict[str, Any] | None, disk: dict[str, Any]
) -> list[ContentError]:
    """Edits refused because of learners: an id gone while rows exist under it (a removal, or
    a rename without ``renamed_from``), and a ``renamed_from`` naming an id that never existed."""
    errors: list[ContentError] = []
    for slug, course in disk["courses"].items():
        modules, quizzes = recorded_ids(session, slug)
        old = (live or {"courses": {}})["courses"].get(slug)
        live_modules = {m["id"]: m["source"] for m in old["modules"]} if old else {}
        live_quizzes = {q: v["source"] for q, v in old["quizzes"].items()} if old else {}
        errors += _id_errors(
            session, slug, "module", course["modules"], modules, live_modules, MODULE
        )
        quiz_items = [
            {"id": q, "renamed_from": v["renamed_from"], "source": v["source"],
             "line": v["lines"]["renamed_from"]}
            for q, v in course["quizzes"].items()
        ]  # fmt: skip
        errors += _id_errors(session, slug, "quiz", quiz_items, quizzes, live_quizzes, "quiz")
    return sorted(set(errors))


def _id_errors(
    session: Session,
    slug: str,
    what: str,
    items: list[dict[str, Any]],
    recorded: set[str],
    live: dict[str, str],
    scope: str,
) -> list[ContentError]:
    errors = []
    current = {item["id"] for item in items}
    followed = {old for item in items for old in item["renamed_from"]}
    known = recorded | set(live)
    for item in items:
        for old in item["renamed_from"]:
            if old not in known:
                close = difflib.get_close_matches(old, sorted(known - current), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                message = f"renamed_from names '{old}', an id this course never had{hint}"
                errors.append(ContentError(item["source"], item["line"], message))
    new_ids = sorted(current - set(live)) if live else []
    for gone in sorted((set(live) if live else recorded) - current - followed):
        touched = holders(session, slug, scope, gone)
        if not touched:
            continue
        states = learner_states(session, slug)
        done = sum(1 for e in touched if states.get(e) in ("completed", "certified"))
        guess = difflib.get_close_matches(gone, new_ids, n=1) or new_ids[:1]
        hint = f"; if '{guess[0]}' is its new id, add renamed_from: {gone} to it" if guess else ""
        message = (
            f"{what} '{gone}' is gone but {len(touched)} learner(s) have progress under it "
            f"({done} completed the course){hint}; to retire it, keep the file with draft: true"
        )
        errors.append(ContentError(live.get(gone, f"{what} {gone}"), 1, message))
    return errors
