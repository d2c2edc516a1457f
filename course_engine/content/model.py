"""The compiled, immutable content objects the application reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from course_engine.content.files import safe_child
from course_engine.content.questions import Question

EMPTY: Mapping[str, Any] = MappingProxyType({})


class QuizKind(StrEnum):
    """What a quiz is for."""

    KNOWLEDGE_CHECK = "knowledge_check"
    PRETEST = "pretest"
    POSTTEST = "posttest"
    SURVEY = "survey"


class ShowFeedback(StrEnum):
    """When learners see correct answers, feedback and explanations."""

    AFTER_SUBMIT = "after_submit"
    # An enum value, not a password (bandit B105, ruff S105).
    AFTER_PASS = "after_pass"  # noqa: S105  # nosec B105
    NEVER = "never"


@dataclass(frozen=True, eq=False)
class Quiz:
    """A quiz or survey of one course."""

    id: str
    course_slug: str
    title: str
    kind: QuizKind
    pass_score: int | None  #: percent needed to pass; None for pretests and surveys
    max_attempts: int  #: 0 = unlimited
    shuffle_questions: bool
    shuffle_choices: bool
    draw: int | None  #: ask this many questions from the pool; None = all
    show_feedback: ShowFeedback
    questions: tuple[Question, ...]
    source: str
    content_hash: str

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if any."""
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Page:
    """One page of a module: its title and sanitized HTML."""

    number: int
    title: str
    html: str


@dataclass(frozen=True)
class Module:
    """One module file: metadata and rendered pages."""

    id: str
    title: str
    order: int
    minutes: int | None
    prerequisites: tuple[str, ...]
    quiz: str | None
    objectives: tuple[str, ...]
    draft: bool
    pages: tuple[Page, ...]
    source: str


@dataclass(frozen=True)
class Completion:
    """What a learner must do to complete a course."""

    modules: tuple[str, ...]
    posttest_min_score: int | None
    evaluation_required: bool
    pretest_required: bool


@dataclass(frozen=True)
class CertificateSettings:
    """How a course's certificate is issued."""

    template: str
    signatory_name: str | None
    signatory_title: str | None
    valid_for_days: int | None


@dataclass(frozen=True, eq=False)
class CertificateTemplate:
    """A certificate layout from certificates/<id>.yaml (plain data)."""

    id: str
    source: str
    data: Mapping[str, Any]


@dataclass(frozen=True, eq=False)
class Course:
    """One course: metadata, modules in order and quizzes by id."""

    slug: str
    title: str
    summary_html: str
    hours: float
    audience: tuple[str, ...]
    objectives: tuple[str, ...]
    version: str
    pretest: str | None
    posttest: str | None
    evaluation: str | None
    completion: Completion
    certificate: CertificateSettings | None
    draft: bool
    modules: tuple[Module, ...]
    quizzes: Mapping[str, Quiz]
    assets_dir: Path
    content_hash: str

    def module(self, module_id: str) -> Module | None:
        """The module with this id, if any."""
        return next((m for m in self.modules if m.id == module_id), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        """The quiz with this id, if any."""
        return self.quizzes.get(quiz_id)

    def visible_modules(self) -> list[Module]:
        """Modules shown to learners (not drafts), in order."""
        return [m for m in self.modules if not m.draft]

    def asset_path(self, relpath: str) -> Path | None:
        """The file for an asset path, or None when missing or outside the assets folder."""
        return safe_child(self.assets_dir, relpath)


@dataclass(frozen=True)
class CatalogStats:
    """How much content a catalog holds (drafts included)."""

    courses: int
    modules: int
    pages: int
    quizzes: int
    questions: int


@dataclass(frozen=True, eq=False)
class Catalog:
    """All courses and certificate templates from one content root."""

    courses: Mapping[str, Course]
    templates: Mapping[str, CertificateTemplate]
    content_hash: str
    loaded_at: datetime
    stats: CatalogStats

    def course(self, slug: str) -> Course | None:
        """The course with this slug, if any (drafts included)."""
        return self.courses.get(slug)

    def visible_courses(self) -> list[Course]:
        """Courses shown to learners (not drafts)."""
        return [c for c in self.courses.values() if not c.draft]
