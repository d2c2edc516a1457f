"""Every route of the application × every kind of visitor, with learner A's real ids.

The route list comes from ``app.url_map``: a route with no entry here (or, for the
administration area, in tests/admin/test_access.py) makes the coverage test fail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.certificates.operations import issue_for_enrolment
from course_engine.content import Course
from course_engine.models import AccessRole, AttemptStatus
from course_engine.models.types import utcnow
from tests.admin.test_access import MATRIX as ADMIN_MATRIX
from tests.factories import (
    create_attempt,
    create_enrolment,
    create_identity,
    create_organization,
    create_page_visit,
    create_user,
)
from tests.support.forms import csrf_token

PERSONAS = ["anonymous", "learner_a", "learner_b", "author", "other_org_admin", "admin"]
SIGNED_IN = set(PERSONAS) - {"anonymous"}
STAFF = {"other_org_admin", "admin"}  # an org admin sees reports of their own organization
COURSE = "/courses/heart-collaboration"
MODULE = "community-resilience"

Outcome = dict[str, str]  # persona -> ok | login | forbidden | not_found | gone


def public() -> Outcome:
    """Everyone gets the page."""
    return dict.fromkeys(PERSONAS, "ok")


def signed_in() -> Outcome:
    """Anyone signed in (their own data); anonymous visitors are sent to log in."""
    return {"anonymous": "login", **dict.fromkeys(SIGNED_IN, "ok")}


def owner_only() -> Outcome:
    """Only learner A (whose object it is); everyone else signed in gets 404."""
    return {"anonymous": "login", **dict.fromkeys(SIGNED_IN, "not_found"), "learner_a": "ok"}


def staff(allowed: set[str] = STAFF) -> Outcome:
    """Reports: administrators (and org admins, scoped); other signed-in users get 403."""
    outcome = {"anonymous": "login", **dict.fromkeys(SIGNED_IN, "forbidden")}
    outcome.update(dict.fromkeys(allowed, "ok"))
    return outcome


@dataclass(frozen=True)
class Route:
    """How to call a route, and what each persona must get."""

    method: str
    url: Callable[[dict[str, int]], str]
    outcome: Outcome
    data: tuple[tuple[str, str], ...] = ()


def at(path: str) -> Callable[[dict[str, int]], str]:
    """A URL with learner A's ids filled in ({attempt}, {result}, {certificate}, {code})."""
    return lambda ids: path.format(**ids)


MATRIX: dict[str, Route] = {
    "static": Route("GET", at("/static/css/site.css"), public()),
    "health.healthz": Route("GET", at("/healthz"), public()),
    "learn.home": Route("GET", at("/"), public()),
    "support.help_page": Route("GET", at("/help"), public()),
    "support.accessibility": Route("GET", at("/accessibility"), public()),
    "learn.course": Route("GET", at(f"{COURSE}/"), public()),
    # The job aids are public, like the course page: printable without an account.
    "handouts.index": Route("GET", at(f"{COURSE}/handouts/"), public()),
    "handouts.page": Route("GET", at(f"{COURSE}/handouts/references"), public()),
    "handouts.pdf": Route("GET", at(f"{COURSE}/handouts/references.pdf"), public()),
    "learn.asset": Route("GET", at(f"{COURSE}/assets/csmhm-four-parts.svg"), public()),
    "learn.content_errors": Route(  # authors and administrators only; 404 to everyone else
        "GET",
        at("/_content/errors"),
        {**dict.fromkeys(PERSONAS, "not_found"), "author": "ok", "admin": "ok"},
    ),
    "learn.dashboard": Route("GET", at("/dashboard"), signed_in()),
    "learn.enrol_in_course": Route("POST", at(f"{COURSE}/enrol"), signed_in()),
    "learn.skip_pretest": Route(
        "POST", at(f"{COURSE}/pretest/skip"), {**signed_in(), "learner_a": "forbidden"}
    ),
    "learn.module": Route("GET", at(f"{COURSE}/modules/{MODULE}"), public()),
    "learn.page": Route("GET", at(f"{COURSE}/modules/{MODULE}/1"), signed_in()),
    "learn.next_page": Route("POST", at(f"{COURSE}/modules/{MODULE}/1/next"), signed_in()),
    "quiz.intro": Route("GET", at(f"{COURSE}/quizzes/{MODULE}-check"), signed_in()),
    "quiz.start": Route("POST", at(f"{COURSE}/quizzes/{MODULE}-check/start"), signed_in()),
    "quiz.attempt": Route("GET", at(COURSE + "/attempts/{attempt}"), owner_only()),
    "quiz.submit_attempt": Route("POST", at(COURSE + "/attempts/{attempt}"), owner_only()),
    "quiz.save_for_review": Route("POST", at(COURSE + "/attempts/{attempt}/review"), owner_only()),
    "quiz.review": Route("GET", at(COURSE + "/attempts/{attempt}/review"), owner_only()),
    "quiz.result": Route("GET", at(COURSE + "/attempts/{result}/result"), owner_only()),
    "certificates.download": Route("GET", at("/certificates/{certificate}.pdf"), owner_only()),
    "certificates.lookup": Route("GET", at("/verify?q=HEART-2000-000000"), public()),
    "certificates.verify": Route("GET", at("/verify/{code}"), public()),
    "certificates.verify_json": Route("GET", at("/verify/{code}.json"), public()),
    "credentials.did_document": Route("GET", at("/.well-known/did.json"), public()),
    # Learner A's certificate was issued without a signing key here: it has no credential,
    # and no status list is in use.
    "credentials.status_list": Route(
        "GET", at("/credentials/status/0"), dict.fromkeys(PERSONAS, "not_found")
    ),
    "credentials.download": Route(
        "GET", at("/verify/{code}/credential.json"), dict.fromkeys(PERSONAS, "not_found")
    ),
    "credentials.check": Route("GET", at("/verify/credential"), public()),
    "auth.login": Route("GET", at("/login"), public()),
    "auth.register": Route("GET", at("/register"), public()),
    "auth.register_sent": Route("GET", at("/register/sent"), public()),
    "language.choose": Route("POST", at("/language"), public(), data=(("language", "es"),)),
    "auth.confirm_registration": Route(
        "GET", at("/register/confirm/not-a-token"), dict.fromkeys(PERSONAS, "gone")
    ),
    "auth.reset_request": Route("GET", at("/reset-password"), public()),
    "auth.reset_password": Route(
        "GET", at("/reset-password/not-a-token"), dict.fromkeys(PERSONAS, "gone")
    ),
    "auth.logout": Route("POST", at("/logout"), public()),
    "auth.account": Route("GET", at("/account"), signed_in()),
    "auth.change_password": Route("GET", at("/account/password"), signed_in()),
    "sso.start": Route(
        "POST", at("/login/sso/no-such-provider"), dict.fromkeys(PERSONAS, "not_found")
    ),
    "sso.callback": Route(
        "GET", at("/login/sso/no-such-provider/callback"), dict.fromkeys(PERSONAS, "not_found")
    ),
    "sso.link": Route("GET", at("/login/sso/link"), dict.fromkeys(PERSONAS, "login")),
    "sso.unlink": Route("POST", at("/account/identities/{identity}/unlink"), owner_only()),
    "auth.sign_out_everywhere": Route("POST", at("/account/sign-out-everywhere"), signed_in()),
    "lti.jwks": Route("GET", at("/lti/jwks.json"), public()),
    # Login initiation and launch from an unregistered platform: a plain page, 403.
    "lti.login": Route(
        "GET",
        at("/lti/login?iss=https://lms.example&login_hint=1"),
        dict.fromkeys(PERSONAS, "forbidden"),
    ),
    "lti.launch": Route("POST", at("/lti/launch"), dict.fromkeys(PERSONAS, "forbidden")),
    # Only after a deep linking launch of one's own (tests/lti/test_deep_linking.py).
    "lti_placement.choose": Route(
        "GET",
        at("/lti/place/"),
        {"anonymous": "login", **dict.fromkeys(SIGNED_IN, "not_found")},
    ),
    "email_preferences.edit": Route("GET", at("/account/email"), signed_in()),
    "email_preferences.unsubscribe_page": Route(
        "GET", at("/unsubscribe/not-a-token"), dict.fromkeys(PERSONAS, "not_found")
    ),
    "email_preferences.unsubscribe": Route(
        "POST", at("/unsubscribe/not-a-token"), dict.fromkeys(PERSONAS, "not_found")
    ),
    "transcript.transcript_page": Route("GET", at("/account/transcript"), signed_in()),
    "transcript.transcript_download": Route("GET", at("/account/transcript.pdf"), signed_in()),
    "transcript.data_export": Route("GET", at("/account/export.json"), signed_in()),
    "reports.index": Route("GET", at("/admin/reports/"), staff()),
    "reports.completions": Route("GET", at("/admin/reports/completions"), staff()),
    "reports.export_completions": Route(
        "POST",
        at("/admin/reports/completions.csv"),
        staff(),
        data=(("course", "heart-collaboration"),),
    ),
    "course_reports.dashboard": Route("GET", at(f"/admin/reports{COURSE}/dashboard"), staff()),
    "course_reports.knowledge_gain": Route("GET", at(f"/admin/reports{COURSE}/knowledge"), staff()),
    "course_reports.items": Route(
        "GET", at(f"/admin/reports{COURSE}/quizzes/posttest/items"), staff()
    ),
    "course_reports.evaluation": Route(
        "GET", at(f"/admin/reports{COURSE}/evaluation"), staff({"admin"})
    ),
}


def test_every_route_has_an_entry_in_an_access_matrix(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(MATRIX) - set(ADMIN_MATRIX) == set()
    assert set(MATRIX) - endpoints == set()


@pytest.fixture
def world(db: Session, course: Course) -> dict[str, Any]:
    """Learner A with an enrolment, an open and a submitted attempt, and a certificate; others."""
    mine, theirs = create_organization(db), create_organization(db)
    people = {
        "learner_a": create_user(db, organization_id=mine.id),
        "learner_b": create_user(db, organization_id=mine.id),
        "author": create_user(db, access_role=AccessRole.AUTHOR),
        "other_org_admin": create_user(
            db, access_role=AccessRole.ORG_ADMIN, organization_id=theirs.id
        ),
        "admin": create_user(db, access_role=AccessRole.ADMIN),
    }
    enrolment = create_enrolment(db, people["learner_a"], completed_at=utcnow())
    create_attempt(db, enrolment, course.pretest or "", 50)
    module = course.module(MODULE)
    assert module is not None
    for number in range(1, len(module.pages) + 1):
        create_page_visit(db, enrolment, MODULE, number)
    result = create_attempt(
        db, enrolment, module.quiz or "", 40, passed=False, score=2, max_score=5
    )
    quiz = course.quiz(module.quiz or "")
    assert quiz is not None
    attempt = create_attempt(
        db,
        enrolment,
        quiz.id,
        number=2,
        status=AttemptStatus.OPEN,
        layout=[{"question": q.id, "order": []} for q in quiz.questions],
    )
    certificate = issue_for_enrolment(db, enrolment, course)
    assert certificate is not None
    identity = create_identity(db, people["learner_a"])
    ids = {
        "attempt": attempt.id,
        "result": result.id,
        "certificate": certificate.id,
        "code": certificate.verification_code,
        "identity": identity.id,
    }
    return {"people": people, "ids": ids}


def outcome_of(response: Any) -> str:
    """What a response amounts to."""
    if response.status_code in (301, 302, 303) and "/login" in response.headers["Location"]:
        return "login"
    return {403: "forbidden", 404: "not_found", 410: "gone"}.get(
        response.status_code, "ok" if response.status_code < 400 else str(response.status_code)
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_access(
    endpoint: str,
    persona: str,
    client: FlaskClient,
    world: dict[str, Any],
    login_as: Callable[[FlaskClient, Any], None],
) -> None:
    if persona != "anonymous":
        login_as(client, world["people"][persona])
    route = MATRIX[endpoint]
    url = route.url(world["ids"])
    if route.method == "GET":
        response = client.get(url)
    else:
        token = csrf_token(client, "/login" if persona == "anonymous" else "/account")
        response = client.post(url, data={**dict(route.data), "csrf_token": token})
    response.close()
    assert outcome_of(response) == route.outcome[persona], (url, response.status_code)
