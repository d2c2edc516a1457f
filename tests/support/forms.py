"""Filling in the app's forms as a browser would: CSRF tokens, quiz answers, accounts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from course_engine.models import User
from tests.factories import DEFAULT_PASSWORD

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on the page at ``url``."""
    response = client.get(url)
    found = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert found, f"no CSRF token on {url} (status {response.status_code})"
    return found.group(1)


REVIEW_TOKEN_PATTERN = re.compile(r'name="review_token" value="([^"]+)"')


def review_answers(client: FlaskClient, attempt_url: str, form: Mapping[str, Any]) -> str:
    """Save an attempt's answers at the review step; the review page's one-time token."""
    token = csrf_token(client, attempt_url)
    response = client.post(attempt_url + "/review", data={**form, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].endswith(attempt_url + "/review")
    page = client.get(attempt_url + "/review").get_data(as_text=True)
    found = REVIEW_TOKEN_PATTERN.search(page)
    assert found, "no Submit for grading form on the review page"
    return found.group(1)


def submit_answers(client: FlaskClient, attempt_url: str, form: Mapping[str, Any]) -> str:
    """Answer an attempt as a learner does: review, then Submit for grading; where it leads."""
    review_token = review_answers(client, attempt_url, form)
    token = csrf_token(client, attempt_url + "/review")
    response = client.post(attempt_url, data={"csrf_token": token, "review_token": review_token})
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


class AuthActions:
    """Register, log in and log out through the real forms, CSRF tokens included."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def register(
        self,
        email: str = "new.learner@example.org",
        password: str = DEFAULT_PASSWORD,
        *,
        query: str = "",
        follow_mail: bool = True,
        **fields: str,
    ) -> TestResponse:
        """Submit the registration form (``fields`` override the profile answers); when a
        confirmation mail went out, follow its link and confirm (``follow_mail=False``: don't)."""
        data = {
            "email": email,
            "password": password,
            "confirm": password,
            "full_name": "New Learner",
            "role": "teacher",
            "organization_kind": "school",
            "organization_name": "Lincoln Elementary",
            "state": "MD",
            "invite_code": "",
        }
        data.update(fields)
        data["csrf_token"] = csrf_token(self.client, "/register" + query)
        before = newest_mail_id(self.client)
        response = self.client.post("/register" + query, data=data)
        if not follow_mail or response.headers.get("Location", "") != "/register/sent":
            return response
        link = confirmation_link(self.client, after=before)
        return self.confirm(link) if link else response

    def confirm(self, link: str) -> TestResponse:
        """Open the link of a registration mail and press Create my account."""
        token = csrf_token(self.client, link)
        return self.client.post(link, data={"csrf_token": token})

    def login(
        self,
        email: str,
        password: str = DEFAULT_PASSWORD,
        *,
        remember: bool = False,
        next: str | None = None,
    ) -> TestResponse:
        """Submit the login form."""
        token = csrf_token(self.client, "/login")
        data = {"email": email, "password": password, "csrf_token": token}
        if remember:
            data["remember"] = "y"
        if next is not None:
            data["next"] = next
        return self.client.post("/login", data=data)

    def logout(self) -> TestResponse:
        """Press the Log out button in the navigation."""
        return self.client.post("/logout", data={"csrf_token": csrf_token(self.client, "/account")})


CONFIRM_LINK = re.compile(r"/register/confirm/[A-Za-z0-9_-]{20,}")


def newest_mail_id(client: FlaskClient) -> int:
    """The id of the newest queued mail (0 when none)."""
    from sqlalchemy import func, select

    from course_engine.extensions import db
    from course_engine.models import OutgoingMail

    with client.application.app_context():
        return db.session.scalar(select(func.max(OutgoingMail.id))) or 0


def registration_mails(client: FlaskClient, *, after: int = 0) -> list[tuple[str, str, str]]:
    """(kind, recipient, text) of each registration mail queued after mail id ``after``."""
    from sqlalchemy import select

    from course_engine.extensions import db
    from course_engine.models import OutgoingMail

    with client.application.app_context():
        rows = db.session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.id > after, OutgoingMail.kind.startswith("registration_"))
            .order_by(OutgoingMail.id)
        )
        return [(row.kind, row.recipient, row.text_body) for row in rows]


def confirmation_link(client: FlaskClient, *, after: int = 0) -> str | None:
    """The path in the newest confirmation mail queued after mail id ``after``, if any."""
    for kind, _to, text in reversed(registration_mails(client, after=after)):
        found = CONFIRM_LINK.search(text)
        if kind == "registration_confirm" and found:
            return found.group(0)
    return None


def login_as(client: FlaskClient, user: User) -> None:
    """Log ``client`` in as ``user`` by writing the Flask-Login session keys (no form, fast)."""
    from sqlalchemy.orm import object_session

    from course_engine.auth.sessions import open_session

    owner = object_session(user)
    assert owner is not None, "log in a user that belongs to the test's session"
    identity = open_session(owner, user, "test client")
    with client.session_transaction() as session:
        session["_user_id"] = identity
        session["_fresh"] = True
