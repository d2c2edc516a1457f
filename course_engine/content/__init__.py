"""Course content: files compiled into validated, rendered, immutable objects (no Flask, no DB)."""

from __future__ import annotations

from course_engine.content.errors import ContentError, ContentErrors
from course_engine.content.loader import check_content, load_catalog
from course_engine.content.markdown import render_markdown, sanitize
from course_engine.content.objects import (
    Accreditation,
    Catalog,
    CatalogStats,
    CertificateSettings,
    CertificateTemplate,
    Completion,
    Course,
    Issuer,
    Module,
    Page,
    Quiz,
    QuizKind,
    RevealAnswers,
    ShowFeedback,
)
from course_engine.content.question_types import (
    Choice,
    Item,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Pair,
    ShortAnswer,
    SingleChoice,
    Text,
    TrueFalse,
)
from course_engine.content.questions import (
    QUESTION_TYPES,
    Question,
    normalize_answer,
    register_question_type,
)
from course_engine.content.store import ContentStore

__all__ = [
    "QUESTION_TYPES",
    "Accreditation",
    "Catalog",
    "CatalogStats",
    "CertificateSettings",
    "CertificateTemplate",
    "Choice",
    "Completion",
    "ContentError",
    "ContentErrors",
    "ContentStore",
    "Course",
    "Issuer",
    "Item",
    "Likert",
    "Matching",
    "Module",
    "MultipleChoice",
    "Numeric",
    "Ordering",
    "Page",
    "Pair",
    "Question",
    "Quiz",
    "QuizKind",
    "RevealAnswers",
    "ShortAnswer",
    "ShowFeedback",
    "SingleChoice",
    "Text",
    "TrueFalse",
    "check_content",
    "load_catalog",
    "normalize_answer",
    "register_question_type",
    "render_markdown",
    "sanitize",
]
