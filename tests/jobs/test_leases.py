"""One lease rule for every worker-held row (mail, exports, LMS scores)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from course_engine import exports, leases, outbox
from course_engine.models import ExportStatus, MailStatus, OutgoingMail
from course_engine.models.types import utcnow
from tests.factories import create_user

LEASE = timedelta(minutes=5)


def a_mail(db: Session) -> OutgoingMail:
    row = outbox.queue_mail(db, to="a@example.org", subject="s", text="t", kind="test")
    assert row is not None
    db.flush()
    return row


def test_a_row_is_taken_by_one_worker_only(db: Session) -> None:
    row = a_mail(db)
    now = utcnow()
    first = outbox.claim(db, row.id, now, LEASE)
    second = outbox.claim(db, row.id, now, LEASE)
    assert first is not None and first.status == MailStatus.SENDING and first.attempts == 1
    assert second is None


def test_a_row_whose_lease_ran_out_is_taken_again_and_found_overdue(db: Session) -> None:
    row = a_mail(db)
    now = utcnow()
    assert outbox.claim(db, row.id, now, LEASE) is not None
    later = now + LEASE + timedelta(seconds=1)
    assert outbox.overdue_mail_ids(db, later, timedelta(minutes=2)) == [row.id]
    again = outbox.claim(db, row.id, later, LEASE)
    assert again is not None and again.attempts == 2


def test_an_export_job_uses_the_same_rule(db: Session) -> None:
    job = exports.request_export(db, create_user(db, access_role="admin"), "certificates_zip")
    now = utcnow()
    taken = leases.claim(
        db,
        type(job),
        job.id,
        waiting=ExportStatus.QUEUED,
        holding=ExportStatus.RUNNING,
        now=now,
        lease=LEASE,
        done=0,
    )
    assert taken is not None and taken.status == ExportStatus.RUNNING
    assert exports.claim(db, job.id, now, LEASE) is None
    assert exports.claim(db, job.id, now + LEASE * 2, LEASE) is not None
