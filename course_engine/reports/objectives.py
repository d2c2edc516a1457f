"""Knowledge gain per objective: each learner's pre-test against their best post-test, on the
questions that name the same objective (matched items), averaged over learners who took both."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from course_engine.content import Course, Quiz
from course_engine.models import User
from course_engine.reports.attempts import attempt_results


@dataclass(frozen=True)
class ObjectiveGain:
    """One objective both tests assess: mean percent before and after, over the same learners."""

    objective_id: str
    text: str
    module_title: str
    learners: int
    pretest: float | None
    posttest: float | None

    @property
    def gain(self) -> float | None:
        """Mean post-test minus mean pre-test percent, in percentage points."""
        if self.pretest is None or self.posttest is None:
            return None
        return self.posttest - self.pretest


def objective_gains(session: Session, course: Course, viewer: User | None) -> list[ObjectiveGain]:
    """Per objective assessed by both the pre-test and the post-test, in module order."""
    pretest = course.quiz(course.pretest) if course.pretest else None
    posttest = course.quiz(course.posttest) if course.posttest else None
    if pretest is None or posttest is None:
        return []
    before_items, after_items = _items_by_objective(pretest), _items_by_objective(posttest)
    matched = [o for o in before_items if o in after_items]
    before = attempt_results(session, course, pretest, viewer, best=False)
    after = attempt_results(session, course, posttest, viewer, best=True)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    counts: dict[str, int] = defaultdict(int)
    for enrolment_id, results in before.items():
        if enrolment_id not in after:
            continue
        for objective_id in matched:
            pre = _share(results, before_items[objective_id])
            post = _share(after[enrolment_id], after_items[objective_id])
            if pre is None or post is None:
                continue  # a drawn post-test may not have asked this objective's items
            sums[objective_id][0] += pre
            sums[objective_id][1] += post
            counts[objective_id] += 1
    gains = []
    for module in course.visible_modules():
        for objective in module.objectives:
            if objective.id is None or objective.id not in matched:
                continue
            count = counts[objective.id]
            pre, post = sums[objective.id] if count else (None, None)
            gains.append(
                ObjectiveGain(
                    objective.id, objective.text, module.title, count,
                    100 * pre / count if pre is not None else None,
                    100 * post / count if post is not None else None,
                )
            )  # fmt: skip
    return gains


def _items_by_objective(quiz: Quiz) -> dict[str, set[str]]:
    """The ids of the graded questions naming each objective."""
    items: dict[str, set[str]] = defaultdict(set)
    for question in quiz.questions:
        if question.graded:
            for objective in question.objectives:
                items[objective].add(question.id)
    return dict(items)


def _share(results: Mapping[str, Any], question_ids: Iterable[str]) -> float | None:
    """Points earned over points possible on the given questions (None: none was asked)."""
    asked = [results[q] for q in question_ids if q in results]
    possible = sum(float(r.get("max", 0)) for r in asked)
    if not asked or possible <= 0:
        return None
    return sum(float(r.get("points", 0)) for r in asked) / possible
