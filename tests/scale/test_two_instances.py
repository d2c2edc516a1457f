"""Two app instances (gunicorn processes) on one database and one Redis behave as one site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.harness import COURSE, ROOT, Learner, prepare, serve, server_env
from course_engine.content import load_catalog
from course_engine.database import make_engine
from course_engine.models import Certificate, Enrolment, PageVisit
from course_engine.progress.completion import refresh_completion
from tests.factories import create_attempt
from tests.support.databases import IN_CI, scratch_database
from tests.support.forms import REVIEW_TOKEN_PATTERN

REDIS_URL = "redis://127.0.0.1:6379/0"
LOGIN_LIMIT = 4
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Site:
    """Two instances, A and B, and what they share."""

    def __init__(
        self,
        a: str,
        b: str,
        database_url: str,
        content: Path,
        env: dict[str, str],
        learners: list[Learner],
    ) -> None:
        self.a, self.b, self.database_url = a, b, database_url
        self.content, self.env, self.learners = content, env, learners


@pytest.fixture(scope="module")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Start A and B against one database, one Redis and one content folder."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError as error:
        (pytest.fail if IN_CI else pytest.skip)(f"Redis at {REDIS_URL} unreachable: {error}")
    folder = tmp_path_factory.mktemp("two-instances")
    content = folder / "content"
    for part in ("modules", "quizzes", "certificates"):
        shutil.copytree(ROOT / part, content / part)
    with ExitStack() as stack:
        url = stack.enter_context(scratch_database(request.config.getoption("--db"), folder))
        learners = prepare(url, folder, learners=3)
        env = server_env(url, folder)
        env.update(
            CONTENT_ROOT=str(content),
            RATELIMIT_ENABLED="true",
            RATELIMIT_STORAGE_URI=REDIS_URL,
            RATELIMIT_KEY_PREFIX=f"two-instances-{uuid.uuid4().hex}",
            LOGIN_RATE_LIMIT=f"{LOGIN_LIMIT} per 10 minutes",
            BASE_URL="https://learn.example.org",
            TRUSTED_HOSTS="learn.example.org,127.0.0.1",
        )
        a = stack.enter_context(serve(env, 1, 2, log=folder / "a.log")).url
        b = stack.enter_context(serve(env, 1, 2, log=folder / "b.log")).url
        yield Site(a, b, url, content, env, learners)
        make_engine(url).dispose()


def client(site: Site, learner: Learner) -> httpx.Client:
    """A browser-like client carrying the learner's session cookie."""
    # Generous: a worker's first request on a loaded machine can take tens of seconds.
    return httpx.Client(cookies={"session": learner.cookie}, timeout=120)


def test_a_learner_logged_in_on_one_instance_continues_on_the_other(site: Site) -> None:
    learner = site.learners[0]
    with client(site, learner) as browser:
        page_one = f"/courses/{COURSE}/modules/community-resilience/1"
        assert "Page 1 of" in browser.get(site.a + page_one).text
        response = browser.post(site.a + page_one + "/next", data={"csrf_token": learner.csrf})
        assert response.status_code == 302
        course_page = browser.get(site.b + f"/courses/{COURSE}/").text
        assert f'href="/courses/{COURSE}/modules/community-resilience/2"' in course_page
        assert (
            "Page 2 of"
            in browser.get(site.b + f"/courses/{COURSE}/modules/community-resilience/2").text
        )


def test_login_throttling_counts_across_both_instances(site: Site) -> None:
    with httpx.Client(timeout=30) as browser:
        token = TOKEN.search(browser.get(site.a + "/login").text).group(1)  # type: ignore[union-attr]
        statuses = []
        for attempt in range(LOGIN_LIMIT + 1):
            target = site.a if attempt % 2 == 0 else site.b
            response = browser.post(
                target + "/login",
                data={
                    "csrf_token": token,
                    "email": "bench1@example.org",
                    "password": "wrong password",
                },
            )
            statuses.append(response.status_code)
    assert statuses[:LOGIN_LIMIT] == [200] * LOGIN_LIMIT
    assert statuses[LOGIN_LIMIT] == 429


def test_a_certificate_issued_through_one_instance_verifies_through_the_other(site: Site) -> None:
    learner = site.learners[2]
    enrolment_id = _everything_but_the_evaluation(site, learner)
    with client(site, learner) as browser:
        started = browser.post(
            site.a + f"/courses/{COURSE}/quizzes/evaluation/start",
            data={"csrf_token": learner.csrf},
        )
        attempt_url = site.a + started.headers["Location"]
        form = browser.get(attempt_url).text
        token = TOKEN.search(form).group(1)  # type: ignore[union-attr]
        reviewed = browser.post(attempt_url + "/review", data={"csrf_token": token})
        assert reviewed.status_code == 302
        review = browser.get(site.b + reviewed.headers["Location"]).text  # the other instance
        review_token = REVIEW_TOKEN_PATTERN.search(review).group(1)  # type: ignore[union-attr]
        submitted = browser.post(
            attempt_url, data={"csrf_token": token, "review_token": review_token}
        )
        assert submitted.status_code == 302
    engine = make_engine(site.database_url)
    with Session(engine) as session:
        certificate = session.scalar(
            select(Certificate).where(Certificate.enrolment_id == enrolment_id)
        )
    engine.dispose()
    assert certificate is not None
    verified = httpx.get(site.b + f"/verify/{certificate.verification_code}")
    assert verified.status_code == 200 and "Valid." in verified.text
    pdf_on_a = httpx.get(
        site.a + f"/certificates/{certificate.id}.pdf", cookies={"session": learner.cookie}
    )
    pdf_on_b = httpx.get(
        site.b + f"/certificates/{certificate.id}.pdf", cookies={"session": learner.cookie}
    )
    assert pdf_on_a.status_code == 200 and pdf_on_a.content == pdf_on_b.content


def test_content_reload_reaches_both_instances(site: Site) -> None:
    module_file = next((site.content / "modules" / COURSE).glob("01-*.md"))
    module_file.write_text(module_file.read_text().replace("title: ", "title: Reloaded - ", 1))
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "run", "content", "reload", "--yes"],
        cwd=ROOT,
        env=site.env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for instance in (site.a, site.b):
        assert "Reloaded - " in httpx.get(instance + f"/courses/{COURSE}/").text


def _everything_but_the_evaluation(site: Site, learner: Learner) -> int:
    """Record every page and pass every check and the post-test, straight in the database."""
    course = load_catalog(site.content).course(COURSE)
    assert course is not None
    engine = make_engine(site.database_url)
    with Session(engine) as session:
        enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == learner.user_id))
        assert enrolment is not None
        for module in course.visible_modules():
            session.add_all(
                PageVisit(enrolment_id=enrolment.id, module_id=module.id, page=n)
                for n in range(1, len(module.pages) + 1)
            )
        for quiz_id in [m.quiz for m in course.visible_modules()] + [course.posttest]:
            create_attempt(session, enrolment, quiz_id or "", 100.0, passed=True)
        session.flush()
        assert refresh_completion(session, enrolment, course).whats_left() == [
            "Submit the course evaluation"
        ]
        session.commit()
        enrolment_id = enrolment.id
    engine.dispose()
    return enrolment_id
