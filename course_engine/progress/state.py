"""A learner's progress through one course, read in a few queries and computed in memory."""

from __future__ import annotations

import dataclasses
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from course_engine.content import Course, Module
from course_engine.models import AttemptStatus, Enrolment, ModuleCompletion, PageVisit, QuizAttempt


class ModuleStatus(enum.StrEnum):
    """Where a learner stands with a module."""

    LOCKED = "locked"
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETE = "complete"


@dataclass(frozen=True)
class QuizRecord:
    """A summary of a learner's attempts at one quiz."""

    submitted: int = 0
    best_percent: float | None = None
    passed: bool = False
    open_attempt_id: int | None = None
    #: an attempt passed against the pass score it was graded under (kept when scores change)
    passed_then: bool = False


@dataclass
class CourseProgress:
    """Everything recorded for one enrolment, with the course's rules applied."""

    course: Course
    enrolment: Enrolment
    pages: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    completed_modules: set[str] = field(default_factory=set)
    quizzes: dict[str, QuizRecord] = field(default_factory=dict)
    #: modules completed under an earlier version that asks to be completed again
    stale_modules: set[str] = field(default_factory=set)

    def quiz(self, quiz_id: str | None) -> QuizRecord:
        """The attempts summary of a quiz (empty when never tried)."""
        return self.quizzes.get(quiz_id or "", QuizRecord())

    # --- the pre-test, post-test and evaluation ---------------------------------------
    @property
    def pretest_done(self) -> bool:
        """True when the course has no pre-test, or it was taken or (where allowed) skipped."""
        pretest = self.course.pretest
        return (
            pretest is None
            or self.quiz(pretest).submitted > 0
            or self.enrolment.pretest_skipped_at is not None
        )

    @property
    def may_skip_pretest(self) -> bool:
        """True when the pre-test is optional and not yet taken or skipped."""
        return not self.course.completion.pretest_required and not self.pretest_done

    @property
    def posttest_passed(self) -> bool:
        """True when the course has no post-test, or a post-test attempt reached the minimum."""
        posttest = self.course.posttest
        if posttest is None:
            return True
        record = self.quiz(posttest)
        if record.passed_then:  # decided when graded: a raised pass score takes nothing back
            return True
        return record.best_percent is not None and record.best_percent >= self.posttest_min_score

    @property
    def posttest_min_score(self) -> float:
        """The post-test score (percent) that counts for completion."""
        minimum = self.course.completion.posttest_min_score
        if minimum is not None:
            return float(minimum)
        quiz = self.course.quiz(self.course.posttest or "")
        return float(quiz.pass_score if quiz and quiz.pass_score is not None else 0)

    @property
    def evaluation_done(self) -> bool:
        """True when the evaluation was submitted, or the course does not require it."""
        evaluation = self.course.evaluation
        return (
            evaluation is None
            or not self.course.completion.evaluation_required
            or self.quiz(evaluation).submitted > 0
        )

    # --- modules ----------------------------------------------------------------------
    def module_status(self, module: Module) -> ModuleStatus:
        """Locked, not started, in progress or complete."""
        if module.id in self.completed_modules:
            return ModuleStatus.COMPLETE
        if self.locked_by(module) or not self.pretest_done:
            return ModuleStatus.LOCKED
        return ModuleStatus.IN_PROGRESS if self.pages.get(module.id) else ModuleStatus.NOT_STARTED

    def locked_by(self, module: Module) -> list[Module]:
        """The prerequisite modules still to complete before ``module`` opens."""
        missing = []
        for module_id in module.prerequisites:
            prerequisite = self.course.module(module_id)
            if prerequisite is not None and module_id not in self.completed_modules:
                missing.append(prerequisite)
        return missing

    def is_open(self, module: Module) -> bool:
        """True when the learner may read the module."""
        return self.module_status(module) != ModuleStatus.LOCKED

    def read_to_end(self, module: Module) -> bool:
        """True when the module's last page has been reached."""
        return len(module.pages) in self.pages.get(module.id, set())

    def module_done(self, module: Module) -> bool:
        """True when the module's rules are met: last page reached, knowledge check passed."""
        if not self.read_to_end(module):
            return False
        return module.quiz is None or self.quiz(module.quiz).passed

    def required_modules(self) -> list[Module]:
        """The modules the completion rules require, in course order."""
        wanted = set(self.course.completion.modules)
        return [m for m in self.course.visible_modules() if m.id in wanted]

    # --- the whole course ---------------------------------------------------------------
    @property
    def course_recompletion_required(self) -> bool:
        """True when the course was completed under an earlier version that asks to redo it."""
        done = self.enrolment.completed_version
        if not self.course.requires_recompletion or self.enrolment.completed_at is None:
            return False
        return done is not None and done.split("+", 1)[0] != self.course.version

    @property
    def completion_stands(self) -> bool:
        """True when the course was completed and no later version asks to complete it again.

        A completion is a fact in time: work added since is offered, never taken away.
        """
        return self.enrolment.completed_at is not None and not self.course_recompletion_required

    def recompletion_reasons(self) -> list[str]:
        """Why earlier completions no longer count, naming what changed (the author's choice)."""
        reasons = []
        if self.course_recompletion_required:
            reasons.append(
                f"Version {self.course.version} of this course asks every learner to complete "
                "it again."
            )
        for module in self.course.visible_modules():
            if module.id in self.stale_modules:
                reasons.append(
                    f"The module “{module.title}” changed (version {module.version}) and asks "
                    "to be completed again."
                )
        return reasons

    def new_since_finished(self) -> list[str]:
        """Work added after the learner completed the course: offered, not required of them."""
        return self.rules_left() if self.completion_stands else []

    def whats_left(self) -> list[str]:
        """What the learner still has to do, in plain words (nothing once completed)."""
        return [] if self.completion_stands else self.rules_left()

    def rules_left(self) -> list[str]:
        """The completion rules of the current content not yet met, in course order."""
        left = []
        if self.course.pretest and not self.pretest_done:
            left.append("Take the pre-test")
        for module in self.required_modules():
            if module.id not in self.completed_modules:
                left.append(f"Complete the module “{module.title}”")
        if not self.posttest_passed:
            left.append(f"Pass the post-test (at least {self.posttest_min_score:g}%)")
        if not self.evaluation_done:
            left.append("Submit the course evaluation")
        return left

    @property
    def steps_total(self) -> int:
        """How many steps completion needs (modules, tests, evaluation)."""
        course = self.course
        return (
            len(self.required_modules())
            + (1 if course.pretest else 0)
            + (1 if course.posttest else 0)
            + (1 if course.evaluation and course.completion.evaluation_required else 0)
        )

    @property
    def percent(self) -> int:
        """Share of the steps done, 0-100."""
        total = self.steps_total
        if total == 0 or self.completion_stands:
            return 100
        return round(100 * (total - len(self.whats_left())) / total)

    @property
    def is_complete(self) -> bool:
        """True when the completion stands, or every completion rule is met now."""
        return not self.whats_left()

    @property
    def rules_met(self) -> bool:
        """True when every rule of the current content is met."""
        return not self.rules_left()


class _AttemptRow(NamedTuple):
    """The columns of an attempt that progress needs."""

    id: int
    quiz_id: str
    status: str
    percent: float | None
    passed: bool | None
    pass_score: float | None = None


def _progress_rows() -> Select[Any]:
    """Pages, completions and attempts of one enrolment as one UNION ALL (one round trip)."""
    enrolment_id = bindparam("enrolment_id", type_=Integer)
    no_int, no_float = cast(null(), Integer), cast(null(), Float)
    no_bool, no_text = cast(null(), Boolean), cast(null(), String)
    pages = select(
        literal("page").label("kind"),
        PageVisit.module_id.label("key"),
        PageVisit.page.label("number"),
        no_float.label("percent"),
        no_bool.label("passed"),
        no_text.label("status"),
        PageVisit.page_id.label("detail"),
        no_float.label("needed"),
    ).where(PageVisit.enrolment_id == enrolment_id)
    modules = select(
        literal("module"),
        ModuleCompletion.module_id,
        no_int,
        no_float,
        no_bool,
        no_text,
        ModuleCompletion.module_version,
        no_float,
    ).where(ModuleCompletion.enrolment_id == enrolment_id)
    attempts = select(
        literal("attempt"),
        QuizAttempt.quiz_id,
        QuizAttempt.id,
        QuizAttempt.percent,
        QuizAttempt.passed,
        cast(QuizAttempt.status, String),
        no_text,
        QuizAttempt.pass_score,
    ).where(QuizAttempt.enrolment_id == enrolment_id)
    return union_all(pages, modules, attempts)  # type: ignore[return-value]


#: Built once: every page view runs it, so only its parameter changes.
PROGRESS_ROWS = _progress_rows()


def load_progress(session: Session, enrolment: Enrolment, course: Course) -> CourseProgress:
    """Read an enrolment's pages, completions and attempts in one query."""
    progress = CourseProgress(course=course, enrolment=enrolment)
    attempts = []
    rows = session.connection().execute(PROGRESS_ROWS, {"enrolment_id": enrolment.id})
    renames = course.renames()  # rows not yet moved by follow_renames count under the new id
    for kind, old_key, number, percent, passed, status, detail, needed in rows:
        key = renames.get(old_key, old_key)
        if kind == "page":
            _add_page(progress, key, number, detail)
        elif kind == "module":
            module = course.module(key)
            if module is not None and module.requires_recompletion and detail != module.version:
                progress.stale_modules.add(key)
            else:
                progress.completed_modules.add(key)
        else:
            attempts.append(_AttemptRow(number, key, _status(status), percent, passed, needed))
    progress.quizzes = summarize_attempts(sorted(attempts))
    return progress


def _add_page(progress: CourseProgress, module_id: str, number: int, page_id: str | None) -> None:
    """A visit counts for the page with its id, wherever it is now (a deleted page: nowhere)."""
    module = progress.course.module(module_id)
    if module is None:
        return
    if page_id is not None:
        found = module.page_number(page_id)
        if found is not None:
            progress.pages[module_id].add(found)
    elif 1 <= number <= len(module.pages):  # recorded before page ids: by number
        progress.pages[module_id].add(number)


def _status(stored: str) -> AttemptStatus:
    """An attempt's status as read raw by the UNION query (the enum's name, e.g. 'OPEN')."""
    if stored in AttemptStatus.__members__:
        return AttemptStatus[stored]
    return AttemptStatus(stored)


def summarize_attempts(attempts: Iterable[QuizAttempt | _AttemptRow]) -> dict[str, QuizRecord]:
    """Fold attempts (in the order they were made) into one summary per quiz."""
    records: dict[str, QuizRecord] = {}
    for attempt in attempts:
        record = records.get(attempt.quiz_id, QuizRecord())
        if attempt.status == AttemptStatus.OPEN:
            records[attempt.quiz_id] = dataclasses.replace(record, open_attempt_id=attempt.id)
            continue
        best = record.best_percent
        if attempt.percent is not None:
            best = attempt.percent if best is None else max(best, attempt.percent)
        records[attempt.quiz_id] = QuizRecord(
            record.submitted + 1,
            best,
            record.passed or bool(attempt.passed),
            record.open_attempt_id,
            record.passed_then or (bool(attempt.passed) and attempt.pass_score is not None),
        )
    return records
