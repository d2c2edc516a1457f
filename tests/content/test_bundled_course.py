"""The bundled HEART course meets the review standard: every figure here is one the issue set."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from course_engine.content import Course, load_catalog
from course_engine.content.checks import CheckSettings, course_warnings
from course_engine.content.checks.alignment import ASSESSING_KINDS
from course_engine.content.checks.choices import choice_questions, scored_quizzes
from course_engine.content.checks.text import html_text, reading_grade, words
from course_engine.content.checks.workload import course_estimate, module_estimate

ROOT = Path(__file__).resolve().parents[2]
#: Verbs of objectives that ask learners to use an idea, not only recall it.
APPLY_VERBS = ("Apply", "Plan", "Use", "Run", "Choose")
#: A prompt this long sets a situation (a student, a family, a referral) to reason about.
SCENARIO_WORDS = 15
TIP_SHEETS = ("best-practices", "barriers", "glossary", "advocacy")
TEMPLATES = ("referral-form", "mou-template", "consent-template")
WORKSHEETS = ("referral-pathway", "barrier-action-plan")


@pytest.fixture(scope="module")
def heart() -> Course:
    """The bundled course, compiled from the repository's own files."""
    return load_catalog(ROOT).courses["heart-collaboration"]


def assessing_questions(course: Course) -> dict[str, list[str]]:
    """Objective id -> the prompts of graded knowledge-check and post-test questions naming it."""
    found: dict[str, list[str]] = {}
    for quiz in scored_quizzes(course):
        if quiz.kind not in ASSESSING_KINDS:
            continue
        for question in quiz.questions:
            for objective in question.objectives if question.graded else ():
                found.setdefault(objective, []).append(html_text(question.prompt_html))
    return found


def test_the_strict_quality_check_finds_nothing(heart: Course) -> None:
    assert course_warnings(heart) == []


def test_every_objective_is_assessed_by_two_questions_and_apply_objectives_by_a_scenario(
    heart: Course,
) -> None:
    found = assessing_questions(heart)
    for module in heart.visible_modules():
        for objective in module.objectives:
            assert objective.id is not None
            prompts = found.get(objective.id, [])
            assert len(prompts) >= 2, objective.id
            if objective.text.startswith(APPLY_VERBS):
                longest = max(len(words(prompt)) for prompt in prompts)
                assert longest >= SCENARIO_WORDS, objective.id


def test_pre_and_post_tests_are_parallel_forms_and_a_retake_meets_new_items(
    heart: Course,
) -> None:
    pretest, posttest = heart.quiz("pretest"), heart.quiz("posttest")
    assert pretest is not None and posttest is not None
    before = {o for q in pretest.questions for o in q.objectives}
    after = {o for q in posttest.questions for o in q.objectives}
    assert before == after and len(before) >= len(heart.objectives)
    assert {q.prompt_html for q in pretest.questions}.isdisjoint(
        q.prompt_html for q in posttest.questions
    )
    assert posttest.draw is not None and len(posttest.questions) >= 2 * posttest.draw


def test_correct_answers_are_spread_over_positions(heart: Course) -> None:
    positions: Counter[int] = Counter()
    for quiz in scored_quizzes(heart):
        for question in choice_questions(quiz):
            positions[next(n for n, c in enumerate(question.choices, 1) if c.correct)] += 1
    total = sum(positions.values())
    assert len(positions) >= 4 and max(positions.values()) * 100 <= 35 * total


def test_seat_time_claims_agree_with_the_measured_content(heart: Course) -> None:
    settings = CheckSettings(seat_time_slack=0.1)
    estimate = course_estimate(heart, settings)
    assert abs(heart.hours * 60 - estimate) <= 0.1 * estimate
    for module in heart.visible_modules():
        assert module.minutes is not None
        assert abs(module.minutes - module_estimate(heart, module, settings)) <= 2.5, module.id


def test_every_module_reads_at_grade_nine_or_below(heart: Course) -> None:
    for module in heart.visible_modules():
        grade = reading_grade("\n".join(html_text(page.html) for page in module.pages))
        assert grade is not None and grade <= 9, module.id


def test_the_job_aids_exist_dated_and_sourced_and_the_modules_link_them(heart: Course) -> None:
    ids = {h.id for h in heart.handouts}
    assert {*TIP_SHEETS, *TEMPLATES, *WORKSHEETS, "references"} <= ids
    module_html = "\n".join(p.html for m in heart.visible_modules() for p in m.pages)
    for handout in heart.handouts:
        assert handout.updated.year >= 2026 and html_text(handout.source_html).strip()
        if handout.id in (*TIP_SHEETS, *TEMPLATES, *WORKSHEETS):
            assert f'href="/courses/heart-collaboration/handouts/{handout.id}"' in module_html
    assert "/assets/" not in module_html.replace("/assets/csmhm", "").replace(
        "/assets/partnership", ""
    )


def test_the_glossary_spells_out_every_acronym_the_course_uses(heart: Course) -> None:
    glossary = heart.handout("glossary")
    assert glossary is not None
    texts = [heart.summary_html, *(p.html for m in heart.visible_modules() for p in m.pages)]
    texts += [q.prompt_html for quiz in heart.quizzes.values() for q in quiz.questions]
    used = set(re.findall(r"\b[A-Z][A-Z-]*[A-Z]\b", html_text("\n".join(texts))))
    used -= {"USA"}  # a word of a cited title, not the course's own acronym
    entries = html_text(glossary.html)
    missing = sorted(
        a for a in used if not re.search(rf"^(?:[0-9]+ )?{re.escape(a)}\b", entries, re.M)
    )
    assert missing == [], missing


REVIEW = ROOT / "docs" / "heart-course-review.md"


def _table_rows(text: str, header: str) -> list[list[str]]:
    """The cells of each row of the Markdown table whose header line starts with ``header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _ids(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_the_review_page_lists_the_questions_of_every_objective(heart: Course) -> None:
    rows = _table_rows(REVIEW.read_text(encoding="utf-8"), "| Module | Objective |")
    expected = []
    for number, module in enumerate(heart.visible_modules(), start=1):
        for objective in module.objectives:
            found: dict[str, list[str]] = {}
            for quiz in scored_quizzes(heart):
                for question in quiz.questions:
                    if question.graded and objective.id in question.objectives:
                        found.setdefault(quiz.id, []).append(question.id)
            check = found.get(module.quiz or "", [])
            post, pre = found.get("posttest", []), found.get("pretest", [])
            expected.append((str(number), objective.id, check, post, pre, len(check) + len(post)))
    listed = [(r[0], _ids(r[1])[0], _ids(r[2]), _ids(r[3]), _ids(r[4]), int(r[5])) for r in rows]
    assert listed == expected


def test_the_review_page_gives_the_measured_seat_time_and_reading_grades(heart: Course) -> None:
    text = REVIEW.read_text(encoding="utf-8")
    rows = _table_rows(text, "| Module | Words |")
    settings = CheckSettings()
    assert len(rows) == len(heart.visible_modules())
    for row, module in zip(rows, heart.visible_modules(), strict=True):
        body = "\n".join(html_text(page.html) for page in module.pages)
        grade = reading_grade(body)
        assert grade is not None
        assert row[1] == str(len(words(body))) and row[5] == str(module.minutes)
        assert row[4] == f"{module_estimate(heart, module, settings):.0f}"
        assert row[6] == f"{grade:.1f}"
    estimate = course_estimate(heart, settings)
    assert f"{estimate:.0f} minutes | `hours: {heart.hours:g}`" in text
