"""Editing a live course: each experiment of issue 18, asserting what learners then see."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.certificates.queries import current_certificate
from course_engine.content import Course
from course_engine.live_content import follow_all_renames
from course_engine.models import CertificateState, Enrolment, ModuleCompletion, QuizAttempt, User
from course_engine.models.types import utcnow
from course_engine.progress.completion import refresh_completion
from course_engine.progress.pages import record_page, resume_point
from course_engine.progress.state import ModuleStatus, load_progress
from course_engine.quizzes.attempts import start_or_resume, submit
from tests.factories import create_user
from tests.quizzes.answers import right_form
from tests.security.progress import complete_module, quiz_of, ready_for, take
from tests.support.forms import csrf_token, login_as
from tests.support.live_content import LiveContent

COURSE_FILE = "modules/heart-collaboration/course.yaml"
M1 = "modules/heart-collaboration/01-community-resilience.md"
M1_ES = "modules/heart-collaboration/01-community-resilience.es.md"
M2 = "modules/heart-collaboration/02-compassionate-model.md"
M2_ES = "modules/heart-collaboration/02-compassionate-model.es.md"
M3 = "modules/heart-collaboration/03-school-health-partnerships.md"
CHECK1 = "quizzes/heart-collaboration/community-resilience-check.yaml"
CHECK1_ES = "quizzes/heart-collaboration/community-resilience-check.es.yaml"
POSTTEST = "quizzes/heart-collaboration/posttest.yaml"
NEW_MODULE = """---
title: "Looking Ahead"
minutes: 5
---

## What comes next

A short module added after learners had finished the course.
"""


def finished(app: Flask, db: Session, user: User, course: Course) -> Enrolment:
    """A learner who completed the course and holds its certificate."""
    with app.app_context():  # the certificate hook signs its credential
        enrolment = ready_for(db, user, course, course.evaluation or "")
        take(db, enrolment, course, quiz_of(course, course.evaluation), right=True)
    assert enrolment.completed_at is not None
    return enrolment


def partly_right(quiz_attempt: QuizAttempt, course: Course, wrong: int) -> dict[str, list[str]]:
    """The right answers to every question of the attempt but the first ``wrong``."""
    quiz = quiz_of(course, quiz_attempt.quiz_id)
    form = right_form(quiz, quiz_attempt)
    for slot in quiz_attempt.layout[:wrong]:
        for name in [n for n in form if n.startswith(f"q-{slot['question']}")]:
            del form[name]
    return form


def test_adding_a_module_keeps_a_finished_learner_complete_and_offers_the_new_one(
    app: Flask, db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    user = create_user(db)
    enrolment = finished(app, db, user, course)
    live_content.write("modules/heart-collaboration/07-looking-ahead.md", NEW_MODULE)
    edited = live_content.publish()
    assert len(edited.visible_modules()) == 7

    progress = load_progress(db, enrolment, edited)
    assert progress.is_complete and progress.percent == 100
    assert progress.new_since_finished() == ["Complete the module “Looking Ahead”"]
    login_as(client, user)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Complete since" in dashboard and "step(s) left" not in dashboard
    assert "New since you finished" in dashboard and "Looking Ahead" in dashboard
    assert "/certificates/" in dashboard  # the certificate link stays
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert "You have completed this course" in page and "Looking Ahead" in page
    certificate = current_certificate(db, enrolment.id)
    assert certificate is not None and certificate.state(utcnow().date()) is CertificateState.VALID


def test_a_new_course_version_that_requires_recompletion_says_why(
    app: Flask, db: Session, course: Course, live_content: LiveContent
) -> None:
    enrolment = finished(app, db, create_user(db), course)
    live_content.edit(COURSE_FILE, 'version: "1"', 'version: "2"\nrequires_recompletion: true')
    edited = live_content.publish()

    progress = load_progress(db, enrolment, edited)
    assert not progress.completion_stands
    assert progress.recompletion_reasons() == [
        "Version 2 of this course asks every learner to complete it again."
    ]
    certificate = current_certificate(db, enrolment.id)  # the one issued stays valid
    assert certificate is not None and certificate.state(utcnow().date()) is CertificateState.VALID


def test_a_changed_module_that_requires_recompletion_names_itself(
    app: Flask, db: Session, course: Course, live_content: LiveContent
) -> None:
    enrolment = finished(app, db, create_user(db), course)
    live_content.edit(M1, "minutes: 15", "minutes: 15\nversion: 2\nrequires_recompletion: true")
    edited = live_content.publish()

    progress = load_progress(db, enrolment, edited)
    first = edited.visible_modules()[0]
    assert progress.module_status(first) is not ModuleStatus.COMPLETE
    assert progress.completion_stands  # the course itself asks nothing new: still complete
    assert progress.recompletion_reasons() == [
        "The module “Trauma and Community Resilience” changed (version 2) and asks to be "
        "completed again."
    ]
    record_page(db, enrolment, edited, first, len(first.pages))
    refresh_completion(db, enrolment, edited)
    row = db.scalar(
        select(ModuleCompletion).where(
            ModuleCompletion.enrolment_id == enrolment.id, ModuleCompletion.module_id == first.id
        )
    )
    assert row is not None and row.module_version == "2"
    assert load_progress(db, enrolment, edited).module_status(first) is ModuleStatus.COMPLETE


def test_raising_the_pass_score_takes_no_pass_and_no_certificate_away(
    app: Flask, db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    holder = create_user(db)
    certified = finished(app, db, holder, course)
    learner = create_user(db)
    enrolment = ready_for(db, learner, course, course.posttest or "")
    posttest = quiz_of(course, course.posttest)
    attempt = start_or_resume(db, enrolment, posttest)
    submit(db, attempt, posttest, partly_right(attempt, course, wrong=2))  # 10 of 12
    assert attempt.passed and attempt.pass_score == 80

    live_content.edit(POSTTEST, "pass_score: 80", "pass_score: 90")
    live_content.edit(COURSE_FILE, "posttest_min_score: 80", "posttest_min_score: 90")
    edited = live_content.publish()
    assert load_progress(db, enrolment, edited).posttest_passed
    assert load_progress(db, certified, edited).is_complete
    login_as(client, learner)
    result = client.get(f"/courses/{course.slug}/attempts/{attempt.id}/result")
    text = result.get_data(as_text=True)
    assert "Passed." in text and "You needed 80%." in text and "90%" not in text
    login_as(client, holder)
    page = client.get(f"/courses/{course.slug}/").get_data(as_text=True)
    assert "You have completed this course" in page and "Not passed" not in page


def test_renaming_a_module_with_renamed_from_keeps_progress_and_the_page(
    db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    user = create_user(db)
    enrolment = ready_for(db, user, course, course.pretest or "")
    take(db, enrolment, course, quiz_of(course, course.pretest), right=False)
    complete_module(db, enrolment, course, course.visible_modules()[0])
    second = course.visible_modules()[1]
    for number in (1, 2, 3):
        record_page(db, enrolment, course, second, number)

    live_content.edit(M2, "---\n", "---\nid: compassion\nrenamed_from: compassionate-model\n")
    live_content.edit(M3, "  - compassionate-model", "  - compassion")
    edited = live_content.publish()
    renamed = edited.module("compassion")
    assert renamed is not None and edited.module("compassionate-model") is None
    progress = load_progress(db, enrolment, edited)
    assert progress.module_status(renamed) is ModuleStatus.IN_PROGRESS
    assert progress.pages["compassion"] == {1, 2, 3}
    assert resume_point(enrolment, edited) == (renamed, 3)

    login_as(client, user)
    url = f"/courses/{course.slug}/modules/compassion/3"
    response = client.post(url + "/next", data={"csrf_token": csrf_token(client, url)})
    assert response.headers["Location"].endswith("/modules/compassion/4")
    with client.application.app_context():
        assert follow_all_renames(live_content.store.catalog) > 0  # type: ignore[arg-type]
    old = db.scalar(
        select(ModuleCompletion.id).where(ModuleCompletion.module_id == "compassionate-model")
    )
    assert old is None


def test_inserting_a_page_keeps_visits_on_the_pages_seen_and_resumes_there(
    db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    user = create_user(db)
    enrolment = ready_for(db, user, course, course.pretest or "")
    take(db, enrolment, course, quiz_of(course, course.pretest), right=False)
    first = course.visible_modules()[0]
    for number in (1, 2, 3):
        record_page(db, enrolment, course, first, number)

    live_content.edit(
        M1,
        "## The Community Resiliency Model",
        "## A new page\n\nNew text.\n\n<!-- page -->\n\n## The Community Resiliency Model",
    )
    live_content.edit(  # its translation gets the page too (a translation has the same pages)
        M1_ES,
        "## El Community Resiliency Model",
        "## Una página nueva\n\nTexto nuevo.\n\n<!-- page -->\n\n## El Community Resiliency Model",
    )
    edited = live_content.publish()
    module = edited.visible_modules()[0]
    assert [p.id for p in module.pages][2:4] == ["a-new-page", "the-community-resiliency-model"]
    assert load_progress(db, enrolment, edited).pages[module.id] == {1, 2, 4}
    assert resume_point(enrolment, edited) == (module, 4)  # the page the learner left

    login_as(client, user)
    url = f"/courses/{course.slug}/modules/{module.id}/4"
    response = client.post(url + "/next", data={"csrf_token": csrf_token(client, url)})
    assert response.headers["Location"].endswith(f"/modules/{module.id}/5")


def test_deleting_the_last_page_drops_its_visit_and_resumes_on_a_page_that_exists(
    db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    user = create_user(db)
    enrolment = ready_for(db, user, course, course.pretest or "")
    take(db, enrolment, course, quiz_of(course, course.pretest), right=False)
    complete_module(db, enrolment, course, course.visible_modules()[0])
    second = course.visible_modules()[1]
    for number in range(1, len(second.pages) + 1):
        record_page(db, enrolment, course, second, number)

    for path in (M2, M2_ES):  # its translation loses the page too (the same pages)
        text = live_content.path(path).read_text(encoding="utf-8")
        live_content.write(path, text[: text.rindex("<!-- page -->")])
    edited = live_content.publish()
    module = edited.visible_modules()[1]
    assert len(module.pages) == len(second.pages) - 1
    assert load_progress(db, enrolment, edited).pages[module.id] == {1, 2, 3, 4}
    resumed = resume_point(enrolment, edited)
    assert resumed == (module, 4)
    login_as(client, user)
    assert client.get(f"/courses/{course.slug}/modules/{module.id}/4").status_code == 200


def test_changing_the_key_shows_old_results_as_they_were(
    db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    user = create_user(db)
    enrolment = ready_for(db, user, course, "community-resilience-check")
    check = quiz_of(course, "community-resilience-check")
    attempt = start_or_resume(db, enrolment, check)
    submit(db, attempt, check, right_form(check, attempt))
    assert attempt.passed

    wrong = "      - text: \"The community's trauma has replaced the student's own history\"\n"
    right = (
        '      - text: "Collective trauma can take away several of a student\'s supports at once"\n'
    )
    live_content.edit(CHECK1, wrong, wrong + "        correct: true\n")
    live_content.edit(CHECK1, right + "        correct: true\n", right)
    live_content.publish()
    login_as(client, user)
    text = client.get(f"/courses/{course.slug}/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "an earlier version of the quiz" in text
    marked = text.split("Correct answer</span>")[0]
    assert "supports at once" in marked.rsplit("<li", 1)[-1]  # the key as it was
    assert "You needed 80%." in text


def test_adding_a_question_shows_old_attempts_on_the_questions_they_had(
    db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    user = create_user(db)
    enrolment = ready_for(db, user, course, "community-resilience-check")
    check = quiz_of(course, "community-resilience-check")
    attempt = start_or_resume(db, enrolment, check)
    submit(db, attempt, check, right_form(check, attempt))

    live_content.edit(
        CHECK1,
        "questions:\n",
        "questions:\n  - id: added-later\n    type: true_false\n"
        '    prompt: "Collective trauma can affect staff as well as students."\n'
        "    answer: true\n",
    )
    live_content.edit(  # and its Spanish text (a translation has every question)
        CHECK1_ES,
        "questions:\n",
        "questions:\n  - id: added-later\n"
        '    prompt: "El trauma colectivo también afecta al personal."\n',
    )
    edited = live_content.publish()
    assert len(quiz_of(edited, check.id).questions) == 6
    login_as(client, user)
    intro = client.get(f"/courses/{course.slug}/quizzes/{check.id}").get_data(as_text=True)
    assert "taken on an earlier version of this quiz (5 questions)" in intro
    result = client.get(f"/courses/{course.slug}/attempts/{attempt.id}/result")
    assert "added-later" not in result.get_data(as_text=True)
    assert "Collective trauma can affect staff as well" not in result.get_data(as_text=True)
