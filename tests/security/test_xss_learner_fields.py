"""Stored and reflected XSS through what learners type: names, organizations, survey and short
answers, login and reset emails, and query strings; every page showing them opened in Chromium."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from course_engine.content import ShortAnswer, Text
from course_engine.models import AccessRole, Certificate, QuizAttempt, User
from course_engine.progress.enrolment import enrol
from course_engine.quizzes.grading import field_name
from tests.browser.conftest import LiveServer, log_in
from tests.quizzes.answers import right_form
from tests.security.progress import complete_module, quiz_of, read_module, take
from tests.security.test_xss_content import course_of, live_session, new_user
from tests.security.xss_browser import InertTab
from tests.security.xss_payloads import PAYLOADS, payload
from tests.support.forms import AuthActions, csrf_token, submit_answers

pytestmark = pytest.mark.browser


def register_all(client: FlaskClient) -> list[str]:
    """Register one learner per payload (in name and organization) through the form."""
    emails = []
    for index in range(len(PAYLOADS)):
        email = f"payload{index}-{uuid.uuid4().hex[:6]}@example.org"
        response = AuthActions(client).register(
            email, full_name=payload(index)[:200], organization_name=payload(index + 1)[:200]
        )
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
        emails.append(email)
    return emails


def start(client: FlaskClient, slug: str, quiz_id: str) -> str:
    """Press Start on a quiz; the attempt page's path."""
    intro = f"/courses/{slug}/quizzes/{quiz_id}"
    started = client.post(intro + "/start", data={"csrf_token": csrf_token(client, intro)})
    return started.headers["Location"].removeprefix("http://localhost")


def submit(client: FlaskClient, attempt: str, form: dict[str, list[str]]) -> str:
    """Answer an attempt, review and submit it; the result page's path."""
    return submit_answers(client, attempt, form).removeprefix("http://localhost")


def victim_journey(server: LiveServer, client: FlaskClient, email: str) -> tuple[User, str]:
    """Payloads in the profile, a short answer and the evaluation's free text, and the course
    completed so the certificate carries the name; (user, path of the check's result)."""
    course = course_of(server)
    AuthActions(client).login(email)
    profile = {"full_name": payload(2)[:200], "role": "teacher", "organization_kind": "school",
               "organization_name": payload(3)[:200], "state": "MD"}  # fmt: skip
    assert (
        client.post(
            "/account", data={**profile, "csrf_token": csrf_token(client, "/account")}
        ).status_code
        == 302
    )
    modules = course.visible_modules()
    with live_session(server) as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        enrolment = enrol(session, user, course)
        session.flush()
        take(session, enrolment, course, quiz_of(course, course.pretest), right=False)
        read_module(session, enrolment, course, modules[0])
    check = quiz_of(course, modules[0].quiz)
    attempt_path = start(client, course.slug, check.id)
    with live_session(server) as session:
        attempt = session.get(QuizAttempt, int(attempt_path.rsplit("/", 1)[1]))
        assert attempt is not None
        form = right_form(check, attempt)
    typed = [q for q in check.questions if isinstance(q, ShortAnswer)]
    assert typed
    form[field_name(typed[0].id)] = [payload(4)[:400]]
    result = submit(client, attempt_path, form)
    with live_session(server) as session:
        enrolment = session.merge(enrolment)
        for module in modules[1:]:
            complete_module(session, enrolment, course, module)
        take(session, enrolment, course, quiz_of(course, course.posttest), right=True)
    survey = quiz_of(course, course.evaluation)
    texts = {field_name(q.id): [payload(5 + n)] for n, q in enumerate(survey.questions)
             if isinstance(q, Text)}  # fmt: skip
    assert texts
    submit(client, start(client, course.slug, survey.id), texts)
    return user, result


def test_stored_learner_text_stays_inert_for_the_learner_and_for_admins(
    inert_tab: InertTab, hostile_server: LiveServer
) -> None:
    client = hostile_server.app.test_client()
    emails = register_all(client)
    user, result = victim_journey(hostile_server, client, emails[0])
    with live_session(hostile_server) as session:
        certificate = session.scalars(
            select(Certificate).where(Certificate.user_id == user.id)
        ).one()
        code, serial = certificate.verification_code, certificate.serial
    course = course_of(hostile_server)
    log_in(inert_tab.tab, hostile_server, emails[0])
    for path in ["/dashboard", "/account", "/account/transcript", result,
                 f"/courses/{course.slug}/", f"/verify/{code}", f"/verify?q={serial}"]:  # fmt: skip
        inert_tab.open(path)
    admin = new_user(hostile_server, access_role=AccessRole.ADMIN)
    inert_tab.context.clear_cookies()
    log_in(inert_tab.tab, hostile_server, admin.email)
    reports = f"/admin/reports/courses/{course.slug}"
    for path in ["/admin/learners/", f"/admin/learners/{user.id}", "/admin/reports/completions",
                 f"{reports}/evaluation", f"/admin/learners/?q={quote('XSS{{7*7}}')}"]:  # fmt: skip
        inert_tab.open(path)
    for path in ["/admin/audit/", f"{reports}/dashboard",
                 f"{reports}/quizzes/{course.visible_modules()[0].quiz}/items"]:  # fmt: skip
        inert_tab.open(path, expect=None)


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_reflected_query_strings_stay_inert(
    inert_tab: InertTab, hostile_server: LiveServer, index: int
) -> None:
    hostile = quote(payload(index), safe="")
    inert_tab.open(f"/login?next={hostile}", expect=None)
    inert_tab.open(f"/register?next={hostile}&code={hostile}", expect=None)
    inert_tab.open(f"/verify?q={hostile}")
    inert_tab.open(f"/reset-password?email={hostile}", expect=None)
    inert_tab.open(f"/courses/{hostile}/", expect=None)


def submit_unvalidated(tab: InertTab, path: str, fields: dict[str, str]) -> None:
    """Open a form, fill ``fields`` (browser validation off), submit it and check the answer."""
    tab.open(path, expect=None)
    form = tab.tab.locator("main form").last
    form.evaluate("f => { f.noValidate = true; }")
    for selector, value in fields.items():
        tab.tab.locator(selector).fill(value)
    form.locator("button[type=submit]").click()
    tab.check(f"{path} after submitting", expect=None)


def test_reflected_form_fields_stay_inert(inert_tab: InertTab, hostile_server: LiveServer) -> None:
    for index in range(len(PAYLOADS)):
        text = payload(index)[:200]
        submit_unvalidated(inert_tab, "/login", {"#email": text, "#password": "x"})
        assert "XSS{{7*7}}" in inert_tab.tab.locator("#email").input_value()
        submit_unvalidated(inert_tab, "/reset-password", {"#email": text})
        submit_unvalidated(inert_tab, "/register", {
            "#email": text, "#full_name": text, "#organization_name": text, "#password": "short",
        })  # fmt: skip
