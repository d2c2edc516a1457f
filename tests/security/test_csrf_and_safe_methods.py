"""Every state-changing request needs a valid CSRF token; no GET changes anything."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.database import Model
from course_engine.models import AccessRole
from tests.factories import (
    create_cohort,
    create_export_job,
    create_failed_mail,
    create_failed_score,
    create_invite_code,
    create_user,
)
from tests.security.test_access_matrix import MODULE, world  # noqa: F401 - fixture

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Cross-site POSTs from an LMS, exempt from CSRF tokens because the LTI state cookie and the
#: id_token's nonce protect them (tests/lti: a forged state and a replayed id_token are refused).
PROTECTED_BY_LTI_STATE = {"lti.login", "lti.launch"}
#: RFC 8058 one-click unsubscribe: mail clients post without a session or CSRF token, so the
#: signed token in the URL is the credential; without a valid one the answer is 404.
CSRF_EXEMPT = {"email_preferences.unsubscribe": 404}


def urls(app: Flask, ids: dict[str, Any], unsafe: bool) -> list[tuple[str, str]]:
    """(endpoint, URL) of every rule with an unsafe (or only safe) method, ids filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if bool(rule.methods & UNSAFE) != unsafe:
            continue
        values = {name: ids[name] for name in rule.arguments}
        found.append((rule.endpoint, app.url_map.bind("localhost").build(rule.endpoint, values)))
    return sorted(found)


@pytest.fixture
def ids(db: Session, world: dict[str, Any]) -> dict[str, Any]:  # noqa: F811 - fixture use
    """A real id for every kind of URL argument, learner A's where there is an owner."""
    learner = world["people"]["learner_a"]
    return {
        "slug": "heart-collaboration",
        "module_id": MODULE,
        "number": 1,
        "quiz_id": f"{MODULE}-check",
        "attempt_id": world["ids"]["attempt"],
        "certificate_id": world["ids"]["certificate"],
        "code": world["ids"]["code"],
        "user_id": learner.id,
        "organization_id": learner.organization_id,
        "cohort_id": create_cohort(db).id,
        "invite_id": create_invite_code(db).id,
        "path": "csmhm-four-parts.svg",
        "filename": "css/site.css",
        "token": "not-a-token",
        "fmt": "csv",
        "mail_id": create_failed_mail(db, learner).id,
        "score_id": create_failed_score(db, learner).id,
        "identity_id": world["ids"]["identity"],
        "name": "no-such-provider",
        "job_id": create_export_job(db, world["people"]["admin"]).id,
        "handout_id": "references",
    }


def fingerprint(session: Session) -> str:
    """A hash of every row of every table."""
    digest = hashlib.sha256()
    for table in Model.metadata.sorted_tables:
        for row in session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_every_state_changing_route_refuses_a_request_without_a_valid_token(
    app: Flask,
    client: FlaskClient,
    ids: dict[str, Any],
    world: dict[str, Any],  # noqa: F811
    login_as: Callable[[FlaskClient, Any], None],
    db: Session,
) -> None:
    login_as(client, world["people"]["admin"])
    before = fingerprint(db)
    targets = urls(app, ids, unsafe=True)
    assert len(targets) > 20
    for endpoint, url in targets:
        if endpoint in PROTECTED_BY_LTI_STATE:
            assert client.post(url, data={}).status_code == 403, endpoint
            continue
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(url, data=data)
            assert response.status_code == CSRF_EXEMPT.get(endpoint, 400), (endpoint, url, data)
    assert fingerprint(db) == before


@pytest.mark.parametrize("persona", ["anonymous", "learner_a", "admin"])
def test_no_get_request_changes_the_database(
    persona: str,
    app: Flask,
    client: FlaskClient,
    ids: dict[str, Any],
    world: dict[str, Any],  # noqa: F811 - the fixture imported above
    login_as: Callable[[FlaskClient, Any], None],  # noqa: F811
    db: Session,
) -> None:
    if persona != "anonymous":
        login_as(client, world["people"][persona])
    author = create_user(db, access_role=AccessRole.AUTHOR)  # content pages exist for authors
    assert author.id
    before = fingerprint(db)
    for endpoint, url in urls(app, ids, unsafe=False):
        response = client.get(url)
        response.close()
        assert response.status_code < 500, (endpoint, url)
        assert fingerprint(db) == before, f"GET {url} ({endpoint}) changed the database"
