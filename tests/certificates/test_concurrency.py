"""Two requests completing the course at once: one certificate (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from course_engine.certificates.operations import issue_for_enrolment
from course_engine.content import Course
from course_engine.database import make_engine
from course_engine.models import Certificate, CertificateEvent, Enrolment
from course_engine.progress.completion import refresh_completion
from course_engine.progress.enrolment import enrol
from course_engine.schema import upgrade
from tests.certificates.conftest import completed_enrolment, do_everything
from tests.factories import create_user


@pytest.fixture
def scratch_engine(scratch_database_url: str) -> Iterator[Engine]:
    """A migrated database of its own: each racing thread opens its own connections to it."""
    upgrade(scratch_database_url)
    engine = make_engine(scratch_database_url)
    yield engine
    engine.dispose()


def race(engine: Engine, work: Callable[[Session], int | None]) -> list[int | None]:
    """Run ``work`` in two threads at once, each with its own engine and session; commit each."""
    start = threading.Barrier(2, timeout=30)
    results: list[int | None] = []
    errors: list[BaseException] = []

    def request() -> None:
        own = make_engine(str(engine.url.render_as_string(hide_password=False)))
        try:
            with Session(own, expire_on_commit=False) as session:
                start.wait()
                result = work(session)
                session.commit()
                results.append(result)
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def count(engine: Engine, model: type, enrolment_id: int) -> int:
    with Session(engine) as session:
        if model is Certificate:
            where = Certificate.enrolment_id == enrolment_id
        else:
            where = CertificateEvent.certificate_id.in_(
                select(Certificate.id).where(Certificate.enrolment_id == enrolment_id)
            )
        return session.scalar(select(func.count()).select_from(model).where(where)) or 0


def test_two_requests_completing_the_course_at_once_issue_one_certificate(
    scratch_engine: Engine, course: Course
) -> None:
    with Session(scratch_engine) as session:
        enrolment = enrol(session, create_user(session), course)
        session.flush()
        do_everything(session, enrolment, course)
        session.commit()
        enrolment_id = enrolment.id

    def complete(session: Session) -> int | None:
        enrolment = session.get(Enrolment, enrolment_id)
        assert enrolment is not None
        refresh_completion(session, enrolment, course)
        return None

    race(scratch_engine, complete)
    assert count(scratch_engine, Certificate, enrolment_id) == 1
    assert count(scratch_engine, CertificateEvent, enrolment_id) == 1


def test_two_issues_racing_past_the_check_keep_one_certificate(
    scratch_engine: Engine, course: Course
) -> None:
    with Session(scratch_engine) as session:
        enrolment_id = completed_enrolment(session, course).id
        session.commit()

    def issue(session: Session) -> int | None:
        enrolment = session.get(Enrolment, enrolment_id)
        assert enrolment is not None
        certificate = issue_for_enrolment(session, enrolment, course)
        assert certificate is not None
        time.sleep(0.3)  # hold the transaction open: the other one inserts meanwhile
        return certificate.id

    first, second = race(scratch_engine, issue)
    assert first == second  # the loser got the winner's certificate
    assert count(scratch_engine, Certificate, enrolment_id) == 1
    assert count(scratch_engine, CertificateEvent, enrolment_id) == 1
