"""A learner's transcript (HTML, PDF) and data export: their own data, never anyone else's."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from course_engine.models import User
from tests.reports.conftest import World

PAGES = ["/account/transcript", "/account/transcript.pdf", "/account/export.json"]
LoginAs = Callable[[FlaskClient, User], None]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_transcript_page_lists_the_learners_own_courses(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.ada)
    page = client.get("/account/transcript").get_data(as_text=True)
    assert world.course.title in page and "another-course" in page
    assert "6 of 6" in page and "90%" in page and "HEART-" in page
    assert "Ben Okafor" not in page and "style=" not in page
    assert 'href="/account/transcript.pdf"' in page and 'href="/account/export.json"' in page


def test_transcript_pdf_has_the_course_and_a_unicode_name(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.chloe)
    response = client.get("/account/transcript.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Chloé Ünal" in text
    assert world.course.title in text
    assert "(revoked)" in text
    assert "Ada Lovelace" not in text


def test_data_export_has_the_learners_data_and_nothing_of_others(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.ada)
    response = client.get("/account/export.json")
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == "ada@example.org"
    assert data["profile"]["organization"] == "Lincoln Elementary"
    assert "password_hash" not in json.dumps(data["profile"])
    enrolments = {e["course"]: e for e in data["enrolments"]}
    assert set(enrolments) == {"heart-collaboration", "another-course"}
    heart = enrolments["heart-collaboration"]
    assert len(heart["page_visits"]) == 6 and len(heart["module_completions"]) == 6
    attempts = [(a["quiz"], a["number"], a["percent"]) for a in heart["quiz_attempts"]]
    assert attempts == [("posttest", 1, 60), ("posttest", 2, 90), ("pretest", 1, 40)]
    assert heart["quiz_attempts"][2]["answers"]["q3"] == ["b", "c"]
    assert [c["status"] for c in data["certificates"]] == ["valid"]
    assert "evaluation" in data["note"]
    dump = response.get_data(as_text=True)
    for other in ("ben@", "chloe@", "Okafor", "Ünal", "warm handoff"):
        assert other not in dump


def test_the_account_page_links_to_the_transcript_and_the_export(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.ada)
    page = client.get("/account").get_data(as_text=True)
    assert 'href="/account/transcript"' in page and 'href="/account/export.json"' in page
