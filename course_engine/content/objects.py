"""The compiled, immutable content objects the application reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
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


class RevealAnswers(StrEnum):
    """When learners see the answer key (correct answers) and the explanations."""

    NEVER = "never"
    # Enum values, not passwords (bandit B105, ruff S105).
    AFTER_PASS = "after_pass"  # noqa: S105  # nosec B105
    AFTER_LAST_ATTEMPT = "after_last_attempt"  #: after a pass, or when no attempt is left
    ALWAYS = "always"


@dataclass(frozen=True)
class Objective:
    """A learning objective of a module; questions name it by ``id`` to say they assess it."""

    id: str | None  #: None for an objective written as plain text (no question can name it)
    text: str
    line: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return self.text


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
    reveal_answers: RevealAnswers = RevealAnswers.AFTER_LAST_ATTEMPT
    #: whether ``shuffle_choices`` was written in the file (False: the default applies)
    shuffle_choices_set: bool = False
    #: line of each top-level key of the file (for the authoring checks)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY, compare=False)
    #: the language its text is written in (a translation's, or the original's "en")
    language: str = "en"
    #: earlier ids of this quiz (``renamed_from``): attempts made under them follow it
    renamed_from: tuple[str, ...] = ()
    #: the file's text, kept with each attempt's content hash so a result shows the quiz as it was
    text: str = field(default="", compare=False, repr=False)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if any."""
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Page:
    """One page of a module: its stable id, title and sanitized HTML."""

    number: int
    title: str
    html: str
    #: stable id: the page marker's anchor (``<!-- page: id -->``) or the slug of its heading
    id: str = ""


@dataclass(frozen=True)
class Module:
    """One module file: metadata and rendered pages."""

    id: str
    title: str
    order: int
    minutes: int | None
    prerequisites: tuple[str, ...]
    quiz: str | None
    objectives: tuple[Objective, ...]
    draft: bool
    pages: tuple[Page, ...]
    source: str
    #: line of each front-matter key (for the authoring checks)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY, compare=False)
    #: the language its text is written in (a translation's, or the original's "en")
    language: str = "en"
    #: the module's own version (front matter ``version``), recorded with each completion
    version: str = "1"
    #: completions of an earlier ``version`` no longer count (the author's explicit decision)
    requires_recompletion: bool = False
    #: earlier ids of this module (``renamed_from``): progress under them follows it
    renamed_from: tuple[str, ...] = ()

    def page_number(self, page_id: str | None) -> int | None:
        """The current number of the page with this id, if it still exists."""
        return next((p.number for p in self.pages if p.id == page_id), None)


@dataclass(frozen=True)
class Handout:
    """One printable job aid (tip sheet, glossary, template): a page and a PDF of one source."""

    id: str
    title: str
    kind: str  #: one of HANDOUT_KINDS
    summary: str  #: one plain sentence for the list of handouts
    updated: date  #: printed as the handout's date line
    source_html: str  #: the source line (inline Markdown rendered and sanitized)
    html: str  #: the body, rendered and sanitized
    order: int
    source: str  #: the file, relative to the content root


#: What a handout may be, in the order the list of handouts groups them.
HANDOUT_KINDS = ("tip-sheet", "glossary", "guide", "worksheet", "template", "references")


@dataclass(frozen=True)
class Completion:
    """What a learner must do to complete a course."""

    modules: tuple[str, ...]
    posttest_min_score: int | None
    evaluation_required: bool
    pretest_required: bool


@dataclass(frozen=True)
class Issuer:
    """The organization that issues a course's certificates, as course.yaml names it."""

    name: str
    url: str | None = None
    email: str | None = None
    logo: str | None = None  #: address of the organization's logo image


@dataclass(frozen=True)
class Accreditation:
    """The body that accredits the course, and what it approved."""

    body: str
    url: str | None = None
    provider_number: str | None = None
    statement: str | None = None


@dataclass(frozen=True)
class CertificateSettings:
    """How a course's certificate is issued."""

    template: str
    signatory_name: str | None
    signatory_title: str | None
    valid_for_days: int | None
    issuer: Issuer | None = None  #: None: the course names no issuing organization
    accreditation: Accreditation | None = None


@dataclass(frozen=True, eq=False)
class CertificateTemplate:
    """A certificate layout from certificates/<id>.yaml (plain data)."""

    id: str
    source: str
    data: Mapping[str, Any]
    #: the issuing organization a course using this template names unless its course.yaml does
    issuer: Issuer | None = None
    #: the signatory (name, title) a course using this template prints unless it names its own
    signatory: tuple[str | None, str | None] = (None, None)
    #: The wording in other languages (certificates/<id>.<lang>.yaml): title and texts.
    translations: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: EMPTY)


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
    source: str = ""  #: the course.yaml file, relative to the content root
    #: line of each top-level key of course.yaml (for the authoring checks)
    lines: Mapping[str, int] = field(default_factory=lambda: EMPTY, compare=False)
    #: printable job aids from the course's handouts/ folder, in order
    handouts: tuple[Handout, ...] = ()
    #: the language of its text: "en" for the original, else a translation's
    language: str = "en"
    #: in a translation, the module and quiz ids still shown as originally written
    untranslated: frozenset[str] = frozenset()
    #: completions under an earlier ``version`` no longer count (the author's explicit decision)
    requires_recompletion: bool = False

    @property
    def content_version(self) -> str:
        """The version progress is recorded under: ``course.yaml``'s version + the content hash."""
        return f"{self.version}+{self.content_hash[:12]}"

    def renames(self) -> dict[str, str]:
        """Old module and quiz ids (``renamed_from``) and the ids they are now."""
        found = {old: m.id for m in self.modules for old in m.renamed_from}
        found.update({old: q.id for q in self.quizzes.values() for old in q.renamed_from})
        return found

    def module(self, module_id: str) -> Module | None:
        """The module with this id, if any."""
        return next((m for m in self.modules if m.id == module_id), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        """The quiz with this id, if any."""
        return self.quizzes.get(quiz_id)

    def handout(self, handout_id: str) -> Handout | None:
        """The handout with this id, if any."""
        return next((h for h in self.handouts if h.id == handout_id), None)

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
    #: language -> course slug -> the course as translated (files beside the originals)
    translations: Mapping[str, Mapping[str, Course]] = field(default_factory=lambda: EMPTY)

    def translation(self, slug: str, language: str) -> Course | None:
        """The course as translated into ``language``, if it has a translation."""
        return self.translations.get(language, EMPTY).get(slug)

    def course(self, slug: str) -> Course | None:
        """The course with this slug, if any (drafts included)."""
        return self.courses.get(slug)

    def visible_courses(self) -> list[Course]:
        """Courses shown to learners (not drafts)."""
        return [c for c in self.courses.values() if not c.draft]
