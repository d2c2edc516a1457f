"""The catalog, course page, enrolment, dashboard and module pages over HTTP (CSRF on)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import Enrolment, PageVisit, User
from course_engine.progress.enrolment import enrol
from course_engine.template_helpers import course_length
from tests.factories import create_user
from tests.progress.test_progress import passed_attempt
from tests.support.forms import csrf_token

COURSE = "/courses/heart-collaboration/"


def page_url(course: Course, index: int, number: int) -> str:
    """The URL of page ``number`` of the course's ``index``-th module."""
    return f"{COURSE}modules/{course.visible_modules()[index].id}/{number}"


def ready_learner(db: Session, course: Course, user: User) -> Enrolment:
    """Enrol ``user`` and record their pre-test, so module 1 is open."""
    enrolment = enrol(db, user, course)
    db.flush()
    passed_attempt(db, enrolment, course.pretest or "", 40)
    return enrolment


def press_next(client: FlaskClient, url: str):  # type: ignore[no-untyped-def]
    """Press the Next button on the page at ``url``."""
    return client.post(url + "/next", data={"csrf_token": csrf_token(client, url)})


def test_home_lists_the_bundled_course(client: FlaskClient, course: Course) -> None:
    page = client.get("/").get_data(as_text=True)
    assert course.title in page and course_length(course) in page


def test_course_page_shows_summary_objectives_and_modules(
    client: FlaskClient, course: Course
) -> None:
    page = client.get(COURSE).get_data(as_text=True)
    for module in course.visible_modules():
        assert module.title in page
    assert course.objectives[0] in page
    assert "log in" in page and "What's left" not in page


def test_unknown_course_and_module_are_404(client: FlaskClient, learner: User) -> None:
    assert client.get("/courses/nope/").status_code == 404
    assert client.get(COURSE + "modules/nope/1").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_for_module_pages(
    client: FlaskClient, course: Course
) -> None:
    response = client.get(page_url(course, 0, 1))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_enrolling_needs_a_post_with_a_csrf_token_and_happens_once(
    client: FlaskClient, db: Session, learner: User
) -> None:
    assert client.get(COURSE + "enrol").status_code == 405
    assert client.post(COURSE + "enrol").status_code == 400
    for _ in range(2):
        response = client.post(COURSE + "enrol", data={"csrf_token": csrf_token(client, COURSE)})
        assert response.status_code == 302
    count = db.scalar(select(func.count()).where(Enrolment.user_id == learner.id))
    assert count == 1
    assert "/quizzes/pretest" in response.headers["Location"]  # the first step


def test_learner_who_is_not_enrolled_is_sent_to_the_course_page(
    client: FlaskClient, course: Course, learner: User
) -> None:
    response = client.get(page_url(course, 0, 1))
    assert response.status_code == 302 and response.headers["Location"].endswith(COURSE)


def test_learner_cannot_open_locked_module(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_learner(db, course, learner)
    response = client.get(page_url(course, 1, 1))
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "opens when you have completed" in page
    assert course.visible_modules()[0].title in page
    locked = page_url(course, 1, 1)
    token = csrf_token(client, page_url(course, 0, 1))
    client.post(locked + "/next", data={"csrf_token": token})
    reached = db.scalar(
        select(func.count()).where(PageVisit.module_id == course.visible_modules()[1].id)
    )
    assert reached == 0


def test_next_records_pages_and_shows_page_n_of_m(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_learner(db, course, learner)
    module = course.visible_modules()[0]
    first = client.get(page_url(course, 0, 1)).get_data(as_text=True)
    assert f"Page 1 of {len(module.pages)}" in first and "Next page" in first
    response = press_next(client, page_url(course, 0, 1))
    assert response.headers["Location"].endswith(page_url(course, 0, 2))
    pages = set(db.scalars(select(PageVisit.page).where(PageVisit.module_id == module.id)))
    assert pages == {1, 2}
    second = client.get(page_url(course, 0, 2)).get_data(as_text=True)
    assert "Previous page" in second


def test_skipping_ahead_by_a_forged_post_records_nothing(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_learner(db, course, learner)
    module = course.visible_modules()[0]
    response = press_next(client, page_url(course, 0, len(module.pages)))
    assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(PageVisit)) == 0


def test_last_page_leads_to_the_knowledge_check(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_learner(db, course, learner)
    module = course.visible_modules()[0]
    for number in range(1, len(module.pages)):
        press_next(client, page_url(course, 0, number))
    response = press_next(client, page_url(course, 0, len(module.pages)))
    assert response.headers["Location"].endswith(f"{COURSE}quizzes/{module.quiz}")


def test_learner_who_logs_out_mid_module_continues_on_the_page_where_they_stopped(
    client: FlaskClient,
    db: Session,
    course: Course,
    auth,
    learner: User,  # type: ignore[no-untyped-def]
) -> None:
    ready_learner(db, course, learner)
    press_next(client, page_url(course, 0, 1))
    press_next(client, page_url(course, 0, 2))
    auth.logout()
    auth.login(learner.email)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert f'href="{page_url(course, 0, 3)}"' in dashboard
    course_page = client.get(COURSE).get_data(as_text=True)
    assert f'href="{page_url(course, 0, 3)}"' in course_page and "What's left" in course_page


def test_dashboard_shows_only_the_learners_own_courses(
    client: FlaskClient,
    db: Session,
    course: Course,
    login_as: Callable[[FlaskClient, User], None],
) -> None:
    other = create_user(db)
    ready_learner(db, course, other)
    login_as(client, create_user(db))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "not enrolled in any course yet" in page


def test_pretest_can_be_skipped_only_where_the_course_allows_it(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    enrol(db, learner, course)
    db.flush()
    response = client.post(COURSE + "pretest/skip", data={"csrf_token": csrf_token(client, COURSE)})
    assert response.status_code == 403  # the bundled course requires the pre-test


def test_assets_are_served_sandboxed_and_paths_cannot_escape(
    client: FlaskClient, course: Course
) -> None:
    svg = next(p.name for p in course.assets_dir.iterdir() if p.suffix == ".svg")
    response = client.get(f"{COURSE}assets/{svg}")
    assert response.status_code == 200
    assert "sandbox" in response.headers["Content-Security-Policy"]
    response.close()
    assert client.get(f"{COURSE}assets/../course.yaml").status_code == 404
    assert client.get(f"{COURSE}assets/%2e%2e/course.yaml").status_code == 404


def test_completed_course_page_offers_the_certificate(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    from course_engine.progress.completion import refresh_completion

    enrolment = ready_learner(db, course, learner)
    for module in course.visible_modules():
        for number in range(1, len(module.pages) + 1):
            db.add(PageVisit(enrolment_id=enrolment.id, module_id=module.id, page=number))
        passed_attempt(db, enrolment, module.quiz or "", 100)
    passed_attempt(db, enrolment, course.posttest or "", 100)
    passed_attempt(db, enrolment, course.evaluation or "", 0)
    assert refresh_completion(db, enrolment, course).is_complete
    for path in (COURSE, "/dashboard"):
        page = client.get(path).get_data(as_text=True)
        assert "Download certificate" in page and "/verify/" in page


def test_learners_see_each_modules_objectives_on_its_first_page_and_the_course_page(
    client: FlaskClient, db: Session, course: Course, learner: User
) -> None:
    ready_learner(db, course, learner)
    first = course.visible_modules()[0]
    course_page = client.get(COURSE).get_data(as_text=True)
    for module in course.visible_modules():
        for objective in module.objectives:
            assert str(escape(objective.text)) in course_page
    opening = client.get(page_url(course, 0, 1)).get_data(as_text=True)
    assert "In this module you will learn to" in opening
    assert all(str(escape(o.text)) in opening for o in first.objectives)
    assert "In this module you will learn to" not in client.get(page_url(course, 0, 2)).text


def test_module_text_never_links_to_a_later_module(course: Course) -> None:
    modules = course.visible_modules()
    for index, module in enumerate(modules):
        later = [f"/modules/{m.id}/" for m in modules[index + 1 :]]
        for page in module.pages:
            assert not [link for link in later if link in page.html], (module.id, page.number)
