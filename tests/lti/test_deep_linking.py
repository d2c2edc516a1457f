"""Deep Linking: an instructor places the course or one module in the LMS, the LMS accepts the
signed response, and a learner who opens the placed link lands there; no one else can place."""

from __future__ import annotations

import re
from typing import Any

import httpx
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.content import Course
from course_engine.models import LtiPlatform
from tests.lti.platform import ROLE_INSTRUCTOR, LmsPeer
from tests.lti.test_launch import id_token_for, launch
from tests.support.forms import csrf_token

TEACHER = {
    "sub": "lms-teacher-9",
    "name": "Septima Clark",
    "email": "septima@district.example",
    "roles": [ROLE_INSTRUCTOR],
}
LEARNER = {"sub": "lms-learner-9", "name": "Ruby Bridges", "email": "ruby@district.example"}
RETURN_FORM = re.compile(r'<form method="post" action="([^"]+)" data-auto-submit>')
JWT_FIELD = re.compile(r'name="JWT" value="([^"]+)"')


def deep_link_launch(client: FlaskClient, lms: LmsPeer, person: dict[str, Any]) -> Any:
    """The LMS sends ``person`` to place content (an LtiDeepLinkingRequest)."""
    lms.deep_link = True
    try:
        return launch(client, id_token_for(client, lms, person))
    finally:
        lms.deep_link = False


def place(client: FlaskClient, choice: str) -> Any:
    """Choose what to place on the tool's page."""
    token = csrf_token(client, "/lti/place/")
    return client.post("/lti/place/", data={"choice": choice, "csrf_token": token})


def hand_back(page: str) -> httpx.Response:
    """What the instructor's browser does next: post the signed response to the LMS."""
    action, jwt = RETURN_FORM.search(page), JWT_FIELD.search(page)
    assert action and jwt, page
    return httpx.post(action.group(1), data={"JWT": jwt.group(1)}, timeout=10)


def test_an_instructor_places_one_module_and_a_learner_opens_it(
    app: Flask, client: FlaskClient, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    module = course.visible_modules()[1]
    response = deep_link_launch(client, lms, TEACHER)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/lti/place/")
    choices = client.get("/lti/place/").get_data(as_text=True)
    assert f'value="{course.slug}/"' in choices and f'value="{course.slug}/{module.id}"' in choices

    answer = place(client, f"{course.slug}/{module.id}")
    assert answer.status_code == 200
    assert f"form-action 'self' {lms.url}" in answer.headers["Content-Security-Policy"]
    accepted = hand_back(answer.get_data(as_text=True))
    assert accepted.status_code == 200, lms.refused
    [item] = lms.placed
    assert item["type"] == "ltiResourceLink"
    assert item["url"].endswith("/lti/launch")
    assert item["custom"] == {"course": course.slug, "module": module.id}
    assert item["title"] == f"{course.title}: {module.title}"

    learner = app.test_client()
    opened = launch(learner, id_token_for(learner, lms, LEARNER, **item["custom"]))
    assert opened.headers["Location"].endswith(f"/courses/{course.slug}/modules/{module.id}")


def test_placing_the_whole_course_sends_no_module(
    client: FlaskClient, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    deep_link_launch(client, lms, TEACHER)
    assert hand_back(place(client, f"{course.slug}/").get_data(as_text=True)).status_code == 200
    [item] = lms.placed
    assert item["custom"] == {"course": course.slug}
    assert item["title"] == course.title


def test_a_learner_cannot_place_content(
    client: FlaskClient, lms: LmsPeer, registered: LtiPlatform
) -> None:
    response = deep_link_launch(client, lms, LEARNER)
    assert response.status_code == 403
    assert "instructors can place the course" in response.get_data(as_text=True)
    assert client.get("/lti/place/").status_code in (302, 404)


def test_one_request_gets_one_response(
    client: FlaskClient, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    """The pending request is used up: the page cannot mint a second signed response."""
    deep_link_launch(client, lms, TEACHER)
    assert place(client, f"{course.slug}/").status_code == 200
    assert client.get("/lti/place/").status_code == 404


def test_a_choice_that_is_not_offered_is_refused_beside_the_field(
    client: FlaskClient, lms: LmsPeer, registered: LtiPlatform
) -> None:
    deep_link_launch(client, lms, TEACHER)
    for choice in ("no-such-course/", "../admin", ""):
        response = place(client, choice)
        assert response.status_code == 400
        assert 'id="choice-error"' in response.get_data(as_text=True)
    assert not lms.placed


def test_the_placement_form_needs_its_csrf_token(
    client: FlaskClient, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    deep_link_launch(client, lms, TEACHER)
    response = client.post("/lti/place/", data={"choice": f"{course.slug}/"})
    assert response.status_code == 400
    assert "JWT" not in response.get_data(as_text=True)


def test_another_signed_in_person_has_no_pending_placement(
    app: Flask, client: FlaskClient, db: Session, lms: LmsPeer, registered: LtiPlatform
) -> None:
    from tests.factories import create_user
    from tests.support.forms import login_as

    deep_link_launch(client, lms, TEACHER)
    other = app.test_client()
    login_as(other, create_user(db, email="someone@example.org"))
    assert other.get("/lti/place/").status_code == 404
    assert client.get("/lti/place/").status_code == 200


def test_a_response_tampered_with_on_the_way_is_refused_by_the_lms(
    client: FlaskClient, course: Course, lms: LmsPeer, registered: LtiPlatform
) -> None:
    deep_link_launch(client, lms, TEACHER)
    page = place(client, f"{course.slug}/").get_data(as_text=True)
    jwt = JWT_FIELD.search(page)
    assert jwt
    header, body, signature = jwt.group(1).split(".")
    forged = page.replace(jwt.group(1), f"{header}.{body[:-4]}AAAA.{signature}")
    assert hand_back(forged).status_code == 400
    assert not lms.placed and lms.refused
