"""The impact report: each change against the version live, learners touched by state."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import AccessRole, Enrolment, User
from course_engine.progress.pages import record_page
from course_engine.progress.releases import ImpactReport, impact_report, record_release
from tests.factories import create_user
from tests.progress.test_live_edits import M2, NEW_MODULE, POSTTEST, finished
from tests.security.progress import complete_module, quiz_of, ready_for, take
from tests.support.databases import rolled_back_session
from tests.support.forms import login_as
from tests.support.live_content import LiveContent


def three_learners(app: Flask, session: Session, course: Course) -> list[Enrolment]:
    """One who finished module 1, one on page 3 of module 2, one certified (the issue's three)."""
    first, second = course.visible_modules()[:2]
    one = ready_for(session, create_user(session), course, course.pretest or "")
    take(session, one, course, quiz_of(course, course.pretest), right=False)
    complete_module(session, one, course, first)
    two = ready_for(session, create_user(session), course, course.pretest or "")
    take(session, two, course, quiz_of(course, course.pretest), right=False)
    complete_module(session, two, course, first)
    for number in (1, 2, 3):
        record_page(session, two, course, second, number)
    return [one, two, finished(app, session, create_user(session), course)]


def report_after(
    db: Session, course: Course, live_content: LiveContent, edit: Callable[[], None]
) -> ImpactReport:
    """The impact report of ``edit`` against the bundled content released as live."""
    catalog = live_content.store.catalog
    assert catalog is not None
    record_release(db, catalog)
    edit()
    disk, errors = live_content.check()
    assert disk is not None, errors
    return impact_report(db, disk)


def test_adding_a_module_touches_everyone_and_keeps_completions(
    app: Flask, db: Session, course: Course, live_content: LiveContent
) -> None:
    three_learners(app, db, course)
    report = report_after(
        db, course, live_content,
        lambda: live_content.write("modules/heart-collaboration/07-looking-ahead.md", NEW_MODULE),
    )  # fmt: skip
    assert not report.errors
    [impact] = report.impacts
    assert (impact.change.kind, impact.change.subject) == ("module added", "looking-ahead")
    assert impact.summary() == "3 learners: 2 in progress, 1 certified"
    assert "keep their completion and certificate" in impact.change.rule


def test_raising_the_pass_score_touches_those_who_took_the_quiz(
    app: Flask, db: Session, course: Course, live_content: LiveContent
) -> None:
    three_learners(app, db, course)
    report = report_after(
        db, course, live_content,
        lambda: live_content.edit(POSTTEST, "pass_score: 80", "pass_score: 90"),
    )  # fmt: skip
    [impact] = report.impacts
    assert impact.change.kind == "pass score raised"
    assert (impact.change.source, impact.change.line) == (
        "quizzes/heart-collaboration/posttest.yaml",
        5,
    )
    assert impact.summary() == "1 learner: 1 certified"
    assert "passes already decided stand" in impact.change.rule


def test_a_rename_without_renamed_from_is_an_error_counting_the_learners(
    app: Flask, db: Session, course: Course, live_content: LiveContent
) -> None:
    three_learners(app, db, course)

    def rename() -> None:
        live_content.edit(M2, "---\n", "---\nid: compassion\n")
        live_content.edit(
            "modules/heart-collaboration/03-school-health-partnerships.md",
            "  - compassionate-model",
            "  - compassion",
        )

    report = report_after(db, course, live_content, rename)
    [error] = report.errors
    assert error.path == M2
    assert "module 'compassionate-model' is gone but 2 learner(s) have progress under it" in str(
        error
    )
    assert "(1 completed the course)" in error.message
    assert "if 'compassion' is its new id, add renamed_from: compassionate-model" in error.message


def test_renamed_from_an_id_that_never_existed_suggests_the_nearest(
    app: Flask, db: Session, course: Course, live_content: LiveContent
) -> None:
    three_learners(app, db, course)

    def rename() -> None:
        live_content.edit(M2, "---\n", "---\nid: compassion\nrenamed_from: compasionate-model\n")
        live_content.edit(
            "modules/heart-collaboration/03-school-health-partnerships.md",
            "  - compassionate-model",
            "  - compassion",
        )

    report = report_after(db, course, live_content, rename)
    messages = [f"{e.path}:{e.line}: {e.message}" for e in report.errors]
    assert (
        f"{M2}:3: renamed_from names 'compasionate-model', an id this course never had "
        "(did you mean 'compassionate-model'?)"
    ) in messages


def test_content_status_page_shows_the_impact_counts_to_authors_only(
    app: Flask, db: Session, client: FlaskClient, course: Course, live_content: LiveContent
) -> None:
    three_learners(app, db, course)
    live_content.watch()
    live_content.write("modules/heart-collaboration/07-looking-ahead.md", NEW_MODULE)
    learner: User = create_user(db)
    login_as(client, learner)
    assert client.get("/admin/content/").status_code == 403
    login_as(client, create_user(db, access_role=AccessRole.AUTHOR))
    page = client.get("/admin/content/").get_data(as_text=True)
    assert "Module added: looking-ahead" in page
    row = page.split("Module added: looking-ahead")[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[2:6]] == ["0", "2", "0", "1"]
    assert learner.full_name not in page


def test_flask_content_reload_shows_the_impact_and_asks_first(
    make_app: Callable[..., Flask], live_content: LiveContent
) -> None:
    app = make_app(CONTENT_ROOT=str(live_content.root))
    with rolled_back_session(app) as session:
        course = app.extensions["content"].catalog.course("heart-collaboration")
        three_learners(app, session, course)
        record_release(session, app.extensions["content"].catalog)
        live_content.write("modules/heart-collaboration/07-looking-ahead.md", NEW_MODULE)
        runner = app.test_cli_runner()
        check = runner.invoke(args=["content", "check", "--impact"])
        assert check.exit_code == 0, check.output
        assert "heart-collaboration: module added: looking-ahead" in check.output
        assert "touches 3 learners: 2 in progress, 1 certified" in check.output
        refused = runner.invoke(args=["content", "reload"], input="n\n")
        assert refused.exit_code == 1 and "touches 3 learners" in refused.output
        done = runner.invoke(args=["content", "reload", "--yes"])
        assert done.exit_code == 0, done.output
        assert "Reload requested" in done.output
        again = runner.invoke(args=["content", "check", "--impact"])
        assert "No change touches learners." in again.output
