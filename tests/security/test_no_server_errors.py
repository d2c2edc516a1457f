"""No input causes a 500: the reported attacks, then a property-based walk over every route."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from course_engine.models import AccessRole, User
from tests.factories import create_user
from tests.security.conftest import LoginAs
from tests.security.test_access_matrix import world  # noqa: F401 - fixture
from tests.support.forms import csrf_token

HUGE = "99999999999999999999"
NASTY_TEXT = ["\x00", "a\x00b", "\u202eevil", "zero\u200bwidth", "\x1b[31m", "%00", "'", "<x>"]
NUMBERS = ["0", "-1", "1", HUGE, str(2**31), str(2**63), "1e9", "nan", "٣"]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "20260101", "1900-01-01"]
QUERY_KEYS = [
    "page",
    "since",
    "until",
    "q",
    "name",
    "course",
    "organization",
    "cohort",
    "status",
    "role",
    "state",
    "date_field",
    "max_uses",
    "code",
    "next",
    "format",
    "action",
    "search",
    "email",
    "expires_on",
    "starts_on",
    "full_name",
    "organization_name",
    "reason",
    "answer",
]


def test_the_reported_inputs_answer_4xx(
    client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    for url in (
        f"/certificates/{HUGE}.pdf",
        f"/admin/learners/{HUGE}",
        f"/courses/heart-collaboration/attempts/{HUGE}",
        f"/admin/invites/?page={HUGE}",
        f"/admin/learners/?page={HUGE}",
        f"/admin/learners/?organization={HUGE}",
        f"/admin/learners/?cohort={HUGE}",
        "/reports/completions?course=heart-collaboration&since=9999-12-31",
        "/reports/completions?course=heart-collaboration&since=0001-01-01",
        "/verify?q=HEART%00",
        "/verify?q=%00",
    ):
        status = client.get(url).status_code
        assert 400 <= status < 500 or status == 200, (url, status)


def test_a_nul_byte_in_a_name_or_organization_is_refused_beside_the_field(
    client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    user = create_user(db, full_name="Before", organization_name="Before School")
    login_as(client, user)
    for field, value in (
        ("full_name", "Ada\x00Lovelace"),
        ("organization_name", "Org\x00"),
        ("full_name", "Ada \u202eecalevoL"),
        ("full_name", "A\u200bda"),
    ):
        data = {
            "full_name": "Ada",
            "role": "teacher",
            "organization_kind": "school",
            "organization_name": "Lincoln",
            "state": "MD",
            field: value,
            "csrf_token": csrf_token(client, "/account"),
        }
        response = client.post("/account", data=data)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "Remove the invisible or control characters" in page, (field, value)
        db.expire_all()
        assert db.get(User, user.id).full_name == "Before"


def test_a_huge_use_limit_on_an_invite_is_a_message_not_a_500(
    client: FlaskClient, db: Session, login_as: LoginAs
) -> None:
    login_as(client, create_user(db, access_role=AccessRole.ADMIN))
    from tests.factories import create_organization

    organization = create_organization(db)
    data = {
        "csrf_token": csrf_token(client, "/admin/invites/new"),
        "code": "",
        "organization": str(organization.id),
        "cohort": "",
        "max_uses": HUGE,
        "expires_on": "9999-12-31",
    }
    response = client.post("/admin/invites/new", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Enter a smaller number." in page and "between 1900 and 2999" in page


def routes(app: Flask) -> list[Rule]:
    """Every route but the static files."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"),
        key=lambda rule: rule.rule,
    )


def path_value(converter: Any, known: list[int]) -> st.SearchStrategy[Any]:
    """Values for one path argument of the converter's kind."""
    if isinstance(converter, IntegerConverter):
        return st.one_of(st.sampled_from(known), st.integers(0, 10), st.integers(2**31 - 2, 2**80))
    if isinstance(converter, AnyConverter):
        return st.sampled_from(sorted(converter.items))
    words = st.sampled_from(["x", "heart-collaboration", *NASTY_TEXT])
    return st.one_of(words, st.text(max_size=20))


VALUES = st.one_of(
    st.sampled_from(NASTY_TEXT + NUMBERS + DATES + ["heart-collaboration", ""]),
    st.text(max_size=30),
)


@pytest.mark.usefixtures("db")
def test_no_route_answers_5xx_to_any_visitor_or_input(
    app: Flask,
    db: Session,
    world: dict[str, Any],  # noqa: F811 - fixture
    login_as: LoginAs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # reach the views' own checks
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    people = world["people"]
    org_admin = create_user(
        db, access_role=AccessRole.ORG_ADMIN, organization_id=people["learner_a"].organization_id
    )
    visitors: list[User | None] = [None, people["learner_a"], org_admin, people["admin"]]
    known = [value for value in world["ids"].values() if isinstance(value, int)]
    known += [people["learner_a"].id, db.scalar(select(User.id).order_by(User.id.desc()))]
    rules = routes(app)

    @st.composite
    def requests(draw: st.DrawFn) -> tuple[str, str, dict[str, str], int]:
        rule = draw(st.sampled_from(rules))
        values = {name: draw(path_value(rule._converters[name], known)) for name in rule.arguments}
        path = app.url_map.bind("localhost").build(rule.endpoint, values)
        method = draw(st.sampled_from(sorted(rule.methods - {"HEAD", "OPTIONS"})))
        fields = draw(st.dictionaries(st.sampled_from(QUERY_KEYS), VALUES, max_size=5))
        return method, path, fields, draw(st.integers(0, len(visitors) - 1))

    @settings(
        max_examples=400,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(requests())
    def walk(request: tuple[str, str, dict[str, str], int]) -> None:
        method, path, fields, who = request
        client = app.test_client()
        if visitors[who] is not None:
            login_as(client, visitors[who])
        if method == "GET":
            response = client.get(path, query_string=fields)
        else:
            response = client.open(path, method=method, data=fields)
        response.close()  # a download's spooled file is closed by its response
        assert response.status_code < 500, (method, path, fields, who)

    walk()
