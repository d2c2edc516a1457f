"""Assignment and Grade Services: a completed course's post-test score reaches the LMS gradebook
through the job queue, is retried while the LMS is down, and a failed one waits for an
administrator's Retry; scores only ever go to the learner's own line item."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.lti.score_tasks import send_score
from course_engine.models import AccessRole, LtiPlatform, ScoreStatus
from tests.factories import create_user
from tests.lti.journeys import finish_course, launch_as, scores_of
from tests.lti.platform import LmsPeer
from tests.support.forms import csrf_token, login_as

LEARNER = {"sub": "lms-learner-3", "name": "Mae Jemison", "email": "mae@district.example"}
OTHER = {"sub": "lms-learner-4", "name": "Ada Lovelace", "email": "ada@district.example"}


def test_a_completed_course_sends_the_post_test_score_to_the_learners_line_item(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    user = launch_as(client, db, lms, LEARNER, course=course.slug)
    assert not lms.scores  # nothing before the course is complete
    finish_course(client, db, course, user)
    [sent] = lms.scores["resource-link-1"]
    assert sent["userId"] == "lms-learner-3"
    assert (sent["scoreGiven"], sent["scoreMaximum"]) == (100.0, 100.0)
    assert (sent["activityProgress"], sent["gradingProgress"]) == ("Completed", "FullyGraded")
    [score] = scores_of(db)
    assert (score.status, score.attempts) == (ScoreStatus.SENT, 1)


def test_while_the_lms_is_down_the_score_waits_and_a_retry_delivers_it(
    app: Flask,
    client: FlaskClient,
    db: Session,
    course: Course,
    lms: LmsPeer,
    registered: LtiPlatform,
) -> None:
    user = launch_as(client, db, lms, LEARNER, course=course.slug)
    lms.down = True
    finish_course(client, db, course, user)  # the learner's page still answers
    [score] = scores_of(db)
    assert (score.status, score.attempts) == (ScoreStatus.QUEUED, 1)
    assert "503" in (score.last_error or "")
    assert not lms.scores
    lms.down = False
    with app.app_context():
        send_score.call_local(score.id)  # the retry Huey scheduled
    [score] = scores_of(db)
    assert score.status == ScoreStatus.SENT
    assert [s["userId"] for s in lms.scores["resource-link-1"]] == ["lms-learner-3"]


def test_after_the_last_try_administrators_see_the_score_and_retry_it(
    app: Flask,
    client: FlaskClient,
    db: Session,
    course: Course,
    lms: LmsPeer,
    registered: LtiPlatform,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "LTI_SCORE_MAX_ATTEMPTS", 1)
    user = launch_as(client, db, lms, LEARNER, course=course.slug)
    lms.down = True
    finish_course(client, db, course, user)
    [score] = scores_of(db)
    assert score.status == ScoreStatus.FAILED  # failed, and kept
    admin = create_user(db, access_role=AccessRole.ADMIN)
    db.commit()
    staff = app.test_client()
    login_as(staff, admin)
    page = staff.get("/admin/lti/").get_data(as_text=True)
    assert "Mae Jemison" in page and "Lincoln Canvas" in page and "503" in page
    lms.down = False
    token = csrf_token(staff, "/admin/lti/")
    response = staff.post(f"/admin/lti/scores/{score.id}/retry", data={"csrf_token": token})
    assert response.status_code == 302
    [score] = scores_of(db)
    assert score.status == ScoreStatus.SENT
    assert len(lms.scores["resource-link-1"]) == 1
    assert "No failed scores" in staff.get("/admin/lti/").get_data(as_text=True)


def test_a_score_goes_only_to_the_learners_own_line_item(
    app: Flask,
    client: FlaskClient,
    db: Session,
    course: Course,
    lms: LmsPeer,
    registered: LtiPlatform,
) -> None:
    """Two learners launched the same link; the one who completes is the only one graded."""
    other_client = app.test_client()
    launch_as(other_client, db, lms, OTHER, course=course.slug)
    user = launch_as(client, db, lms, LEARNER, course=course.slug)
    finish_course(client, db, course, user)
    assert [s["userId"] for s in lms.scores["resource-link-1"]] == ["lms-learner-3"]
    assert len(scores_of(db)) == 1


def test_a_learner_cannot_send_or_retry_scores(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    launch_as(client, db, lms, LEARNER, course=course.slug)
    assert client.get("/admin/lti/").status_code == 403
    assert client.post("/admin/lti/scores/1/retry", data={}).status_code in (400, 403)


def test_a_launch_without_the_grade_service_records_no_line_item(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    lms.services = False
    user = launch_as(client, db, lms, LEARNER, course=course.slug)
    finish_course(client, db, course, user)
    assert scores_of(db) == [] and not lms.scores


def test_a_learner_who_completed_before_the_lms_placement_is_graded_at_the_first_launch(
    app: Flask, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    first, second = app.test_client(), app.test_client()
    lms.services = False
    user = launch_as(first, db, lms, LEARNER, course=course.slug)
    finish_course(first, db, course, user)
    lms.services = True
    launch_as(second, db, lms, LEARNER, course=course.slug)
    assert [s["userId"] for s in lms.scores["resource-link-1"]] == ["lms-learner-3"]


def test_a_token_request_the_lms_cannot_verify_loses_no_score(
    client: FlaskClient, db: Session, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """The LMS checks the tool's signed client assertion against the key set it knows for the
    tool; with another key set there (a forged tool), no token, no score, and the score waits."""
    user = launch_as(client, db, lms, LEARNER, course=course.slug)
    lms.tool_key_set_url, real = f"{lms.url}/jwks", lms.tool_key_set_url
    try:
        finish_course(client, db, course, user)
    finally:
        lms.tool_key_set_url = real
    assert not lms.scores
    assert any("Unable to find public key" in reason for reason in lms.refused)
    [score] = scores_of(db)
    assert score.status == ScoreStatus.QUEUED and "access token" in (score.last_error or "")
