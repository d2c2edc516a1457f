"""The valid fixture tree compiles into the expected objects."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from course_engine.content import (
    Catalog,
    ContentError,
    ContentErrors,
    Likert,
    Matching,
    QuizKind,
    ShortAnswer,
    ShowFeedback,
    SingleChoice,
    Text,
    load_catalog,
)

from .conftest import VALID, edit


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(VALID)


def test_course_settings_are_read(catalog: Catalog) -> None:
    course = catalog.course("demo")
    assert course is not None
    assert course.title == "Demo Course"
    assert course.summary_html == "<p>A <strong>tiny</strong> course used by the tests.</p>"
    assert course.hours == 1.5
    assert course.audience == ("Teachers", "Counsellors")
    assert course.version == "2"
    assert (course.pretest, course.posttest, course.evaluation) == (
        "pretest",
        "posttest",
        "evaluation",
    )
    assert course.completion.modules == ("welcome", "practice")
    assert course.completion.posttest_min_score == 70  # the post-test's pass_score
    assert course.completion.evaluation_required is True
    assert course.completion.pretest_required is True
    assert course.certificate is not None
    assert course.certificate.signatory_name == "Dr. Ada Example"
    assert course.certificate.valid_for_days == 730
    assert catalog.visible_courses() == [course]


def test_catalog_stats_hash_and_time(catalog: Catalog) -> None:
    stats = catalog.stats
    assert (stats.courses, stats.modules, stats.pages, stats.quizzes, stats.questions) == (
        1, 2, 3, 4, 13,
    )  # fmt: skip
    assert len(catalog.content_hash) == 64
    assert catalog.loaded_at.tzinfo is UTC
    assert catalog.templates["standard"].data["orientation"] == "landscape"


def test_modules_are_ordered_and_split_into_pages(catalog: Catalog) -> None:
    course = catalog.course("demo")
    assert course is not None
    assert [m.id for m in course.modules] == ["welcome", "practice"]
    welcome, practice = course.modules
    assert welcome.source == "modules/demo/01-welcome.md"
    assert [(p.number, p.title) for p in welcome.pages] == [
        (1, "Getting started"),
        (2, "Warning signs"),
    ]
    assert practice.pages[0].title == "Practice"  # no heading: the module title
    assert practice.prerequisites == ("welcome",)
    assert practice.quiz == "check-practice"
    assert course.visible_modules() == [welcome, practice]


def test_markdown_features_render(catalog: Catalog) -> None:
    course = catalog.course("demo")
    assert course is not None
    first, second = course.modules[0].pages
    assert '<a href="/courses/demo/modules/practice" rel="noopener noreferrer">' in first.html
    assert '<aside class="callout callout-tip" role="note">' in first.html
    assert '<p class="callout-label">Tip</p>' in first.html
    assert '<h2 id="sec-warning-signs">' in second.html
    assert '<th class="align-left">Sign</th>' in second.html
    assert '<img src="/courses/demo/assets/diagram.svg" alt="A simple diagram">' in second.html
    assert 'href="/courses/demo/assets/tip-sheet.pdf"' in second.html
    assert 'class="footnote-ref"' in second.html


def test_quiz_settings_and_question_types(catalog: Catalog) -> None:
    course = catalog.course("demo")
    assert course is not None
    check = course.quiz("check-practice")
    assert check is not None
    assert (check.kind, check.pass_score, check.max_attempts) == (QuizKind.KNOWLEDGE_CHECK, 75, 3)
    assert check.shuffle_choices and not check.shuffle_questions
    assert check.show_feedback is ShowFeedback.AFTER_SUBMIT
    single = check.question("first-step")
    assert isinstance(single, SingleChoice)
    assert [(c.key, c.correct) for c in single.choices] == [("a", True), ("b", False)]
    assert single.choices[0].feedback_html == "Yes, listen first."
    assert single.explanation_html == "<p>Listening comes first.</p>"
    answer = check.question("helpline")
    assert isinstance(answer, ShortAnswer)
    assert answer.answers == ("crisis line",)
    assert answer.accepts("  CRISIS   line ")
    matching = check.question("match")
    assert isinstance(matching, Matching)
    assert matching.right_options == ("Assess", "Notice")
    posttest = course.quiz("posttest")
    assert posttest is not None
    assert (posttest.draw, posttest.show_feedback) == (1, ShowFeedback.AFTER_PASS)
    pretest = course.quiz("pretest")
    assert pretest is not None and pretest.pass_score is None


def test_survey_questions_are_not_graded(catalog: Catalog) -> None:
    course = catalog.course("demo")
    assert course is not None
    survey = course.quiz("evaluation")
    assert survey is not None
    useful, pace, comments = survey.questions
    assert isinstance(useful, Likert) and useful.labels == ("Disagree", "Neutral", "Agree")
    assert isinstance(pace, Likert) and pace.labels == ("1 (lowest)", "2", "3", "4 (highest)")
    assert isinstance(comments, Text) and comments.max_length == 500
    assert not any(q.graded for q in survey.questions)


def test_asset_path_stays_inside_assets(catalog: Catalog) -> None:
    course = catalog.course("demo")
    assert course is not None
    assert course.asset_path("diagram.svg") == (course.assets_dir / "diagram.svg").resolve()
    for bad in ("../course.yaml", "/etc/passwd", "missing.png", "", "..\\x"):
        assert course.asset_path(bad) is None


def test_content_hash_changes_with_a_file(root: Path) -> None:
    before = load_catalog(root)
    edit(root, "quizzes/demo/pretest.yaml", "Before you start", "Before you begin")
    after = load_catalog(root)
    assert before.content_hash != after.content_hash
    assert before.courses["demo"].content_hash != after.courses["demo"].content_hash


def test_draft_modules_and_courses_are_hidden(root: Path) -> None:
    edit(root, "modules/demo/02-practice.md", "title: Practice", "title: Practice\ndraft: true")
    edit(root, "modules/demo/course.yaml", "version:", "draft: true\nversion:")
    catalog = load_catalog(root)
    course = catalog.course("demo")
    assert course is not None and course.draft
    assert catalog.visible_courses() == []
    assert [m.id for m in course.visible_modules()] == ["welcome"]
    assert course.completion.modules == ("welcome",)


def test_load_catalog_raises_with_every_error(root: Path) -> None:
    edit(root, "modules/demo/course.yaml", "hours: 1.5", "hours: 0")
    edit(root, "quizzes/demo/pretest.yaml", "kind: pretest", "kind: pretest\npass_score: 50")
    with pytest.raises(ContentErrors) as caught:
        load_catalog(root)
    assert [e.path for e in caught.value.errors] == [
        "modules/demo/course.yaml",
        "quizzes/demo/pretest.yaml",
    ]
    assert str(caught.value.errors[0]) == (
        "modules/demo/course.yaml:5: 'hours' must be a number greater than 0"
    )


def test_content_error_formats_as_path_line_message() -> None:
    assert str(ContentError("modules/x/01-a.md", 3, "boom")) == "modules/x/01-a.md:3: boom"
