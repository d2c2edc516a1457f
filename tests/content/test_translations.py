"""Translations beside the originals: the bundled course's parity, and one test per rule.

A translation gives text only; a translated file that changes the structure (an answer key, a
type, an id, a count) is refused with its path:line, as an author's CI would see it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course_engine.content import Course, check_content, load_catalog
from course_engine.content.question_types import ShortAnswer

ROOT = Path(__file__).resolve().parents[2]
COURSE = "heart-collaboration"
QUIZ = f"quizzes/{COURSE}/community-resilience-check"
MODULE = f"modules/{COURSE}/01-community-resilience"


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A writable copy of the bundled course (with its Spanish files)."""
    for name in ("modules", "quizzes", "certificates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def translation(root: Path, rel: str, suffix: str, text: str) -> Path:
    """Write the Spanish translation of ``rel`` (without its suffix)."""
    path = root / f"{rel}.es.{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def copy_as_translation(root: Path, rel: str, suffix: str, *edits: tuple[str, str]) -> Path:
    """The original file as its own translation (structure equal), with ``edits`` applied."""
    text = (root / f"{rel}.{suffix}").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return translation(root, rel, suffix, text)


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    return found[occurrence - 1]


def errors_of(root: Path) -> list[str]:
    """Every compiler error, as path:line: message."""
    catalog, errors = check_content(root)
    assert catalog is None or not errors
    return [str(error) for error in errors]


def structure(course: Course) -> list[object]:
    """Everything of a course that is not text: ids, types, keys, numbers, order."""
    shape: list[object] = [course.slug, course.version, course.hours, course.completion]
    for module in course.modules:
        shape += [module.id, module.order, module.quiz, module.prerequisites, len(module.pages)]
        shape += [objective.id for objective in module.objectives]
    for quiz in course.quizzes.values():
        shape += [quiz.id, quiz.kind, quiz.pass_score, quiz.max_attempts, quiz.draw]
        shape += [quiz.shuffle_questions, quiz.shuffle_choices, quiz.content_hash]
        for question in quiz.questions:
            shape += [question.id, question.type, question.points, question.objectives]
            for choice in getattr(question, "choices", ()):
                shape += [choice.key, choice.correct, choice.fixed]
            shape += [getattr(question, "answer", None), getattr(question, "tolerance", None)]
            shape += [pair.right for pair in getattr(question, "pairs", ())]
            shape += [item.key for item in getattr(question, "items", ())]
            shape += [len(getattr(question, "labels", ()))]
    return shape


def test_the_bundled_spanish_course_has_the_originals_structure():
    catalog = load_catalog(ROOT)
    original = catalog.course(COURSE)
    spanish = catalog.translation(COURSE, "es")

    assert original is not None and spanish is not None
    assert spanish.language == "es"
    assert structure(spanish) == structure(original)
    translated = [m for m in spanish.modules if m.id not in spanish.untranslated]
    assert translated and all(m.language == "es" for m in translated)
    assert spanish.title != original.title


def test_short_answers_accept_either_languages_answers():
    catalog = load_catalog(ROOT)
    original, spanish = catalog.course(COURSE), catalog.translation(COURSE, "es")
    assert original is not None and spanish is not None
    quiz_id = "community-resilience-check"
    for course in (original, spanish):
        question = course.quizzes[quiz_id].question("shared-term")
        assert isinstance(question, ShortAnswer)
        assert question.accepts("Collective trauma")
        assert question.accepts("trauma  COLECTIVO")
        assert not question.accepts("trauma")


def test_a_translation_that_changes_an_answer_key_is_refused(bundled: Path):
    path = copy_as_translation(
        bundled,
        QUIZ,
        "yaml",
        (
            "      - text: \"The community's trauma has replaced the student's own history\"\n",
            '      - text: "El trauma de la comunidad reemplazó la historia del estudiante"\n'
            "        correct: true\n",
        ),
    )

    line = line_of(path, "correct: true")
    assert errors_of(bundled) == [  # the original's choice (line - 1) is not correct
        f"{QUIZ}.es.yaml:{line}: the answer key of question 'shared-supports' differs from the "
        f"original ({QUIZ}.yaml:{line - 1}): 'correct' comes from the original only"
    ]


def test_a_translation_that_moves_the_correct_choice_is_refused(bundled: Path):
    path = copy_as_translation(
        bundled,
        QUIZ,
        "yaml",
        ("        correct: true\n", "        correct: false\n"),
    )

    line = line_of(path, "correct: false")
    [error] = errors_of(bundled)
    assert error == (
        f"{QUIZ}.es.yaml:{line}: the answer key of question 'shared-supports' differs from the "
        f"original ({QUIZ}.yaml:{line}): 'correct' comes from the original only"
    )


def test_a_translation_naming_a_question_the_original_lacks_is_refused(bundled: Path):
    path = copy_as_translation(bundled, QUIZ, "yaml", ("  - id: shared-supports", "  - id: apoyos"))

    errors = errors_of(bundled)
    line = line_of(path, "id: apoyos")
    assert f"{QUIZ}.es.yaml:{line}: 'apoyos' is not a question of the original ({QUIZ}.yaml)" in (
        errors
    )
    questions_line = line_of(path, "questions:")
    assert (
        f"{QUIZ}.es.yaml:{questions_line}: question 'shared-supports' of the original "
        f"({QUIZ}.yaml:8) has no translation"
    ) in errors


def test_a_translation_that_changes_a_questions_type_is_refused(bundled: Path):
    path = copy_as_translation(bundled, QUIZ, "yaml", ("    type: multiple", "    type: single"))

    line = line_of(path, "id: recovery-plan") + 1
    assert errors_of(bundled) == [
        f"{QUIZ}.es.yaml:{line}: question 'recovery-plan' is of type 'single' here but "
        f"'multiple' in the original ({QUIZ}.yaml:{line})"
    ]


def test_a_translation_with_a_choice_fewer_is_refused(bundled: Path):
    path = copy_as_translation(
        bundled,
        QUIZ,
        "yaml",
        (
            '      - text: "School closures mostly affect adults, so the cause must be at home"\n'
            '        feedback: "No. Closures kept many students away from peers and trusted '
            'adults."\n',
            "",
        ),
    )

    line = line_of(path, "choices:")
    assert errors_of(bundled) == [
        f"{QUIZ}.es.yaml:{line}: 'choices' has 3 entries where the original has 4 "
        f"({QUIZ}.yaml:{line})"
    ]


def test_a_translation_that_changes_the_pass_score_is_refused(bundled: Path):
    copy_as_translation(bundled, QUIZ, "yaml", ("pass_score: 80", "pass_score: 50"))

    assert errors_of(bundled) == [
        f"{QUIZ}.es.yaml:3: 'pass_score' differs from the original ({QUIZ}.yaml:3): structure "
        "comes from the original only; leave it out or copy it unchanged"
    ]


def test_a_translated_text_left_out_is_reported(bundled: Path):
    path = copy_as_translation(
        bundled,
        QUIZ,
        "yaml",
        (
            '        feedback: "No. Events a whole community lives through affect students too."\n',
            "",
        ),
    )

    line = line_of(path, "Students are affected only by events")
    assert errors_of(bundled) == [
        f"{QUIZ}.es.yaml:{line}: 'feedback' is not translated: the original has it "
        f"({QUIZ}.yaml:{line + 1})"
    ]


def test_a_module_translation_with_a_page_fewer_is_refused(bundled: Path):
    module = bundled / f"{MODULE}.es.md"
    text = module.read_text()
    head, _, rest = text.rpartition("<!-- page -->")
    module.write_text(head + rest, encoding="utf-8")
    front_matter_end = line_of(module, "---", 2)

    assert errors_of(bundled) == [
        f"{MODULE}.es.md:{front_matter_end + 1}: 3 pages where the original has 4 ({MODULE}.md)"
    ]


def test_a_module_translation_that_renames_an_objective_is_refused(bundled: Path):
    module = bundled / f"{MODULE}.es.md"
    module.write_text(
        module.read_text().replace("  - id: crm-invitation", "  - id: invitacion", 1),
        encoding="utf-8",
    )

    line = line_of(module, "id: invitacion")
    original_line = line_of(bundled / f"{MODULE}.md", "id: crm-invitation")
    assert errors_of(bundled) == [
        f"{MODULE}.es.md:{line}: objective 2 is 'invitacion' here but 'crm-invitation' in the "
        f"original ({MODULE}.md:{original_line})"
    ]


def test_a_translation_without_an_original_is_refused(bundled: Path):
    translation(bundled, f"quizzes/{COURSE}/no-such-quiz", "yaml", "title: Nada\n")

    assert errors_of(bundled) == [
        f"quizzes/{COURSE}/no-such-quiz.es.yaml:1: translation of "
        f"'quizzes/{COURSE}/no-such-quiz.yaml', which does not exist"
    ]


def test_a_full_copy_of_the_original_is_an_acceptable_translation(bundled: Path):
    copy_as_translation(bundled, QUIZ, "yaml")

    assert errors_of(bundled) == []
