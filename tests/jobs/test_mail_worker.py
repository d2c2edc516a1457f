"""Mail goes through the queue: real workers, a real SMTP server that goes down, SIGKILL."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from huey.storage import RedisStorage
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_engine import create_app
from course_engine.admin.organization_operations import create_invite
from course_engine.database import engine_of
from course_engine.extensions import queue
from course_engine.models import MailStatus, OutgoingMail
from course_engine.models.types import utcnow
from course_engine.queue import QueueUnavailable
from tests.factories import create_user
from tests.jobs.conftest import Mailbox, Site, free_port, wait_until
from tests.support.databases import app_settings
from tests.support.forms import csrf_token, login_as


def ask_for_reset(client: FlaskClient, email: str) -> int:
    """Submit the forgotten-password form; the status code."""
    data = {"email": email, "csrf_token": csrf_token(client, "/reset-password")}
    return client.post("/reset-password", data=data).status_code


def mail_rows(site: Site) -> list[OutgoingMail]:
    """Every outbox row, oldest first, read fresh from the database."""
    with Session(engine_of(site.app)) as session:
        return list(session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def add_learner(site: Site, email: str) -> None:
    """A committed account (the workers are other processes)."""
    with Session(engine_of(site.app)) as session:
        create_user(session, email=email)
        session.commit()


def test_a_reset_request_only_queues_and_a_worker_delivers_it(make_site, mailbox: Mailbox):
    site = make_site()
    add_learner(site, "queued@example.org")

    assert ask_for_reset(site.client(), "queued@example.org") == 302

    assert mailbox.messages == [], "the request itself sent nothing"
    [row] = mail_rows(site)
    assert row.status == MailStatus.QUEUED
    with site.app.app_context():
        assert queue.depth()["pending"] == 1
    site.start_worker()
    wait_until(lambda: mailbox.messages, "the worker to deliver the mail")
    [message] = mailbox.messages
    assert message["To"] == "queued@example.org"
    assert message["Message-ID"].startswith(f"<outbox-{row.id}@")
    assert wait_until(lambda: mail_rows(site)[0].status == MailStatus.SENT, "the row marked sent")


def test_smtp_down_the_page_answers_and_the_worker_retries_until_it_is_back(
    make_site, mailbox: Mailbox
):
    site = make_site()
    add_learner(site, "patient@example.org")
    mailbox.stop()
    site.start_worker()

    assert ask_for_reset(site.client(), "patient@example.org") == 302
    wait_until(lambda: mail_rows(site)[0].last_error, "a failed try", timeout=30)
    row = mail_rows(site)[0]
    assert row.status in (MailStatus.QUEUED, MailStatus.SENDING)
    mailbox.start()

    wait_until(lambda: mail_rows(site)[0].status == MailStatus.SENT, "delivery after the outage")
    assert len(mailbox.messages) == 1
    assert mail_rows(site)[0].attempts >= 2


def test_after_the_last_try_the_mail_is_failed_with_its_error(make_site, mailbox: Mailbox):
    site = make_site(MAIL_MAX_ATTEMPTS=2)
    add_learner(site, "unlucky@example.org")
    mailbox.stop()
    site.start_worker()

    ask_for_reset(site.client(), "unlucky@example.org")

    wait_until(lambda: mail_rows(site)[0].status == MailStatus.FAILED, "the last try to fail")
    [row] = mail_rows(site)
    assert row.attempts == 2 and "could not send mail" in row.last_error


def test_a_worker_killed_mid_send_loses_no_mail_and_sends_it_once(make_site, mailbox: Mailbox):
    site = make_site()
    add_learner(site, "survivor@example.org")
    mailbox.hold.set()  # the SMTP server stalls before it accepts the message
    doomed = site.start_worker()
    ask_for_reset(site.client(), "survivor@example.org")
    wait_until(mailbox.held.is_set, "the worker to be in the middle of the send")

    site.kill(doomed)  # SIGKILL: no clean-up runs
    mailbox.hold.clear()
    [row] = mail_rows(site)
    assert row.status == MailStatus.SENDING and mailbox.messages == []
    wait_until(lambda: utcnow() > mail_rows(site)[0].claimed_until, "the dead worker's lease")
    site.start_worker()

    wait_until(lambda: mail_rows(site)[0].status == MailStatus.SENT, "the mail sent again")
    assert len(mailbox.messages) == 1, "sent exactly once"
    with site.app.app_context():
        wait_until(lambda: queue.depth()["pending"] == 0, "an empty queue")


def test_a_queue_that_is_down_at_request_time_loses_no_mail(make_site, mailbox: Mailbox):
    site = make_site()
    add_learner(site, "later@example.org")
    good_storage = site.app.extensions["queue"]
    site.app.extensions["queue"] = RedisStorage("down", url=f"redis://127.0.0.1:{free_port()}/0")

    assert ask_for_reset(site.client(), "later@example.org") == 302, "the page still answers"
    [row] = mail_rows(site)
    assert row.status == MailStatus.QUEUED
    site.app.extensions["queue"] = good_storage
    with Session(engine_of(site.app)) as session:  # as if queued minutes ago
        session.get(OutgoingMail, row.id).next_attempt_at = utcnow().replace(year=2000)
        session.commit()
    site.start_worker()  # a starting worker sweeps for mail no worker holds

    wait_until(lambda: mailbox.messages, "the swept mail to be delivered")
    with Session(engine_of(site.app)) as session:
        assert session.scalar(select(func.count()).select_from(OutgoingMail)) == 1


def test_an_unreachable_redis_at_start_up_names_the_setting(database_url: str):
    with pytest.raises(QueueUnavailable, match="QUEUE_URL"):
        create_app(app_settings(database_url, QUEUE_URL=f"redis://127.0.0.1:{free_port()}/14"))


@pytest.mark.parametrize("queue_url", ["sqlite"], indirect=True)
def test_the_worker_refuses_the_in_process_queue(make_site) -> None:
    site = make_site(QUEUE_URL="memory://")
    result = site.app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code != 0 and "QUEUE_URL" in result.output


def test_healthz_tells_administrators_whether_the_worker_runs_and_the_queue_depth(
    make_site, mailbox: Mailbox
):
    site = make_site()
    add_learner(site, "waiting@example.org")
    ask_for_reset(site.client(), "waiting@example.org")
    local = site.client()

    before = local.get("/healthz").get_json()
    assert before["status"] == "ok", "a dead worker does not take the site out of the pool"
    assert before["worker"] == "not running" and before["queue"]["pending"] == 1
    site.start_worker()
    wait_until(lambda: mailbox.messages, "the mail to be delivered")
    after = local.get("/healthz").get_json()
    assert after["worker"] == "ok" and after["worker_heartbeat"]
    # At each minute the scheduler queues the periodic sweeps; the worker drains them too.
    wait_until(lambda: local.get("/healthz").get_json()["queue"]["pending"] == 0, "an empty queue")
    proxied = local.get("/healthz", headers={"X-Forwarded-For": "203.0.113.9"}).get_json()
    assert "worker" not in proxied, "anonymous visitors see only ok / not ok"


def test_an_emailed_invitation_only_queues_and_a_worker_delivers_it(make_site, mailbox: Mailbox):
    site = make_site()
    client = site.client()
    with Session(engine_of(site.app)) as session:
        admin = create_user(session, email="boss@example.org", access_role="admin")
        invite = create_invite(
            session,
            admin,
            organization=None,
            cohort=None,
            code="JOIN-US",
            max_uses=None,
            expires_at=None,
        )
        session.commit()
        login_as(client, admin)
        session.commit()
        url = f"/admin/invites/{invite.id}/email"
    data = {"addresses": "newcomer@example.org", "csrf_token": csrf_token(client, url)}

    assert client.post(url, data=data).status_code == 302

    assert mailbox.messages == [], "the request itself sent nothing"
    [row] = mail_rows(site)
    assert (row.kind, row.status) == ("invitation", MailStatus.QUEUED)
    site.start_worker()
    wait_until(lambda: mailbox.messages, "the worker to deliver the invitation")
    [message] = mailbox.messages
    assert message["To"] == "newcomer@example.org"
    assert "/register?code=JOIN-US" in message.get_body(("plain",)).get_content()
