"""The bundled course's handouts: a public list, printable pages and PDFs of the same text."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from course_engine.content import Course
from course_engine.content.checks.text import html_text
from tests.support.pdf import pdf_text

BASE = "/courses/heart-collaboration/handouts"


def test_the_list_links_every_handout_page_and_pdf(client: FlaskClient, course: Course) -> None:
    page = client.get(f"{BASE}/")
    assert page.status_code == 200
    for handout in course.handouts:
        assert f'href="{BASE}/{handout.id}"' in page.text
        assert f'href="{BASE}/{handout.id}.pdf"' in page.text


def test_a_handout_page_prints_its_date_and_source_with_the_print_stylesheet(
    client: FlaskClient, course: Course
) -> None:
    for handout in course.handouts:
        page = client.get(f"{BASE}/{handout.id}")
        assert page.status_code == 200
        assert f'<time datetime="{handout.updated.isoformat()}">' in page.text
        assert "Source: " in page.text and handout.html in page.text
        assert 'href="/static/css/print.css" media="print"' in page.text


def test_a_handout_pdf_has_the_same_text_as_its_page(
    client: FlaskClient, course: Course, tmp_path: Path
) -> None:
    glossary = course.handout("glossary")
    assert glossary is not None
    response = client.get(f"{BASE}/glossary.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "glossary.pdf"
    path.write_bytes(response.data)
    text = " ".join(pdf_text(path).split())
    assert glossary.title in text and f"Updated {glossary.updated.isoformat()}" in text
    assert "Source:" in text
    for term in ("Warm handoff", "CCBHC", "42 CFR Part 2", "NSDUH"):
        assert term in text


def test_every_bundled_handout_renders_as_a_pdf(
    client: FlaskClient, course: Course, tmp_path: Path
) -> None:
    for handout in course.handouts:
        response = client.get(f"{BASE}/{handout.id}.pdf")
        assert response.status_code == 200, handout.id
        path = tmp_path / f"{handout.id}.pdf"
        path.write_bytes(response.data)
        first_words = html_text(handout.html).split()[:4]
        assert " ".join(first_words) in " ".join(pdf_text(path).split()), handout.id


def test_unknown_handouts_and_courses_are_not_found(client: FlaskClient) -> None:
    assert client.get(f"{BASE}/nope").status_code == 404
    assert client.get(f"{BASE}/nope.pdf").status_code == 404
    assert client.get("/courses/nope/handouts/").status_code == 404
    assert client.get("/courses/nope/handouts/glossary.pdf").status_code == 404
