"""Objective ids, reveal_answers, shuffle defaults, fixed choices and YAML 1.2 plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_engine.content import QuizKind, load_catalog
from course_engine.content import messages as m
from course_engine.content.objects import Objective, RevealAnswers

from .conftest import ALIGNED, edit, error, errors_of

MODULE = "modules/aligned/01-signs.md"
CHECK = "quizzes/aligned/signs-check.yaml"
PRETEST = "quizzes/aligned/pretest.yaml"


def test_module_objectives_have_ids_and_questions_name_them(aligned: Path) -> None:
    course = load_catalog(aligned).courses["aligned"]
    module = course.modules[0]
    assert module.objectives == (
        Objective("spot-signs", "Name two early warning signs of stress in a student."),
        Objective("refer-early", "Say who to tell when you are worried."),
    )
    assert [o.line for o in module.objectives] == [5, 7]
    check = course.quizzes["signs-check"]
    assert [q.objectives for q in check.questions] == [
        ("spot-signs",), ("refer-early",), ("spot-signs",),
    ]  # fmt: skip


def test_plain_text_objectives_still_load_without_an_id(aligned: Path) -> None:
    edit(aligned, MODULE, "  - id: refer-early\n    text: Say", "  - Say")
    edit(aligned, "quizzes/aligned/signs-check.yaml", "[refer-early]", "[spot-signs]")
    edit(aligned, PRETEST, "[refer-early]", "[spot-signs]")
    edit(aligned, "quizzes/aligned/posttest.yaml", "[refer-early]", "[spot-signs]")
    module = load_catalog(aligned).courses["aligned"].modules[0]
    assert module.objectives[1] == Objective(None, "Say who to tell when you are worried.")


def test_unknown_objective_id_is_an_error_with_a_suggestion(aligned: Path) -> None:
    edit(aligned, CHECK, "objectives: [refer-early]", "objectives: [refer-erly]")
    message = m.UNKNOWN_OBJECTIVE_SUGGEST.format(id="refer-erly", suggestion="refer-early")
    assert errors_of(aligned) == [error(CHECK, 17, message)]


def test_objective_id_far_from_any_is_an_error(aligned: Path) -> None:
    edit(aligned, CHECK, "objectives: [refer-early]", "objectives: [zzz]")
    assert errors_of(aligned) == [error(CHECK, 17, m.UNKNOWN_OBJECTIVE.format(id="zzz"))]


def test_duplicate_objective_id_is_an_error(aligned: Path) -> None:
    edit(aligned, MODULE, "id: refer-early", "id: spot-signs")
    for rel in (CHECK, PRETEST, "quizzes/aligned/posttest.yaml"):
        edit(aligned, rel, "[refer-early]", "[spot-signs]")
    message = m.DUPLICATE_OBJECTIVE_ID.format(id="spot-signs", other=MODULE)
    assert errors_of(aligned) == [error(MODULE, 7, message)]


def test_objective_needs_an_id_and_text(aligned: Path) -> None:
    edit(aligned, MODULE, "    text: Say who to tell when you are worried.\n", "")
    assert error(MODULE, 7, m.MISSING_KEY.format(key="text")) in errors_of(aligned)


def test_objective_must_be_text_or_a_mapping(aligned: Path) -> None:
    edit(aligned, MODULE, "  - id: refer-early\n    text: Say who to tell when you are worried.",
         "  - [a, list]")  # fmt: skip
    assert error(MODULE, 7, m.BAD_OBJECTIVE) in errors_of(aligned)


def test_unknown_reveal_answers_is_an_error_with_a_suggestion(aligned: Path) -> None:
    edit(aligned, CHECK, "max_attempts: 3", "max_attempts: 3\nreveal_answers: after_passing")
    choices = "never, after_pass, after_last_attempt, always"
    message = m.MUST_BE_ONE_OF.format(key="reveal_answers", choices=choices)
    message += m.DID_YOU_MEAN.format(suggestion="after_pass")
    assert errors_of(aligned) == [error(CHECK, 4, message)]


@pytest.mark.parametrize(
    ("quiz_id", "kind", "reveal"),
    [
        ("signs-check", QuizKind.KNOWLEDGE_CHECK, RevealAnswers.AFTER_LAST_ATTEMPT),
        ("posttest", QuizKind.POSTTEST, RevealAnswers.AFTER_LAST_ATTEMPT),
        ("pretest", QuizKind.PRETEST, RevealAnswers.NEVER),
    ],
)
def test_reveal_answers_defaults_keep_the_key_hidden_until_earned(
    quiz_id: str, kind: QuizKind, reveal: RevealAnswers
) -> None:
    quiz = load_catalog(ALIGNED).courses["aligned"].quizzes[quiz_id]
    assert (quiz.kind, quiz.reveal_answers) == (kind, reveal)


def test_reveal_answers_is_read_from_the_file(aligned: Path) -> None:
    edit(aligned, CHECK, "max_attempts: 3", "max_attempts: 3\nreveal_answers: always")
    quiz = load_catalog(aligned).courses["aligned"].quizzes["signs-check"]
    assert quiz.reveal_answers is RevealAnswers.ALWAYS


def test_choices_are_shuffled_unless_the_quiz_says_no(aligned: Path) -> None:
    quiz = load_catalog(aligned).courses["aligned"].quizzes["signs-check"]
    assert quiz.shuffle_choices and not quiz.shuffle_choices_set
    edit(aligned, CHECK, "max_attempts: 3", "max_attempts: 3\nshuffle_choices: false")
    quiz = load_catalog(aligned).courses["aligned"].quizzes["signs-check"]
    assert not quiz.shuffle_choices and quiz.shuffle_choices_set


def test_fixed_keeps_one_choice_or_every_choice_in_place(aligned: Path) -> None:
    edit(aligned, CHECK, "      - text: Laughing with a group of friends",
         "      - text: None of the above\n        fixed: true")  # fmt: skip
    edit(aligned, CHECK, "    objectives: [refer-early]", "    objectives: [refer-early]\n"
         "    fixed: true")  # fmt: skip
    sign, tell, _ = load_catalog(aligned).courses["aligned"].quizzes["signs-check"].questions
    assert [c.fixed for c in sign.choices] == [False, False, True]
    assert [c.fixed for c in tell.choices] == [True, True, True]


def test_fixed_on_a_question_without_choices_is_an_error(aligned: Path) -> None:
    edit(aligned, CHECK, "    answer: false", "    answer: false\n    fixed: true")
    message = m.FIXED_WITHOUT_CHOICES.format(type="true_false")
    assert errors_of(aligned) == [error(CHECK, 28, message)]


def test_fixed_must_be_true_or_false(aligned: Path) -> None:
    edit(aligned, CHECK, "      - text: Going to class on time",
         "      - text: Going to class on time\n        fixed: yes")  # fmt: skip
    assert errors_of(aligned) == [error(CHECK, 11, m.MUST_BE_BOOL.format(key="fixed"))]


def test_yes_and_no_in_a_text_place_stay_the_words_the_author_wrote(root: Path) -> None:
    edit(root, "quizzes/demo/evaluation.yaml", "scale: 4", "labels: [No, Maybe, Yes]")
    catalog = load_catalog(root)
    survey = catalog.courses["demo"].quizzes["evaluation"]
    likert = next(q for q in survey.questions if q.id == "pace")
    assert likert.labels == ("No", "Maybe", "Yes")


def test_on_and_off_in_choices_stay_text(root: Path) -> None:
    edit(root, "quizzes/demo/check-practice.yaml", "- text: Lecture", "- text: off")
    check = load_catalog(root).courses["demo"].quizzes["check-practice"]
    assert "off" in check.questions[0].choices[1].html


def test_a_boolean_place_refuses_yes_with_its_line(root: Path) -> None:
    edit(root, "quizzes/demo/check-practice.yaml", "        correct: true\n        feedback: Yes",
         "        correct: yes\n        feedback: Yes")  # fmt: skip
    rel = "quizzes/demo/check-practice.yaml"
    errors = errors_of(root)
    assert error(rel, 13, m.MUST_BE_BOOL.format(key="correct")) in errors


def test_a_boolean_place_still_accepts_true_and_false(root: Path) -> None:
    check = load_catalog(root).courses["demo"].quizzes["check-practice"]
    assert check.questions[0].choices[0].correct is True
