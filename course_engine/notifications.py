"""The emails the site sends on its own: rendered now, queued in the outbox, sent by a worker."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from course_engine import outbox, reminders
from course_engine.content import Course
from course_engine.i18n import mail_language, translate
from course_engine.models import Certificate, Enrolment, OutgoingMail, User
from course_engine.progress.pages import resume_point
from course_engine.texts import Text
from course_engine.urls import external_url

#: Salt of the signed unsubscribe tokens (they only ever turn reminders off).
UNSUBSCRIBE_SALT = "course_engine.unsubscribe-reminders"


def queue_templated(
    session: Session,
    user: User,
    template: str,
    subject: Text,
    *,
    kind: str,
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> OutgoingMail | None:
    """Render ``template``.txt and .html for ``user`` in their language and queue the email
    (once per key)."""
    with force_locale(mail_language(user)):
        shown = translate(subject)
        context.update(user=user, subject=shown, site_url=external_url("learn.home"))
        text = render_template(f"{template}.txt", **context)
        html = render_template(f"{template}.html", **context)
    return outbox.queue_mail(
        session,
        to=user.email,
        subject=shown,
        kind=kind,
        user=user,
        dedupe_key=dedupe_key,
        text=text,
        html=html,
        headers=headers,
    )


def certificate_ready(session: Session, certificate: Certificate) -> OutgoingMail | None:
    """Tell the learner their certificate is issued, with the download and verify links."""
    user = session.get(User, certificate.user_id)
    if user is None or user.deleted_at is not None or not user.is_active:
        return None
    site = current_app.config["SITE_NAME"]
    return queue_templated(
        session,
        user,
        "email/certificate_ready",
        Text("Your certificate from %(site)s is ready", site=site),
        kind="certificate_ready",
        dedupe_key=f"certificate_ready:{certificate.id}",
        certificate=certificate,
        download_url=external_url("certificates.download", certificate_id=certificate.id),
        verify_url=external_url("certificates.verify", code=certificate.verification_code),
    )


class ExpiryDay:
    """A date that formats itself in the language of the email it is put in."""

    def __init__(self, day: Any) -> None:
        self.day = day

    def __str__(self) -> str:
        return str(format_date(self.day, "long")) if self.day else ""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    """A signed token that turns off ``user``'s reminders (no login needed)."""
    return _serializer().dumps({"user": user.id})


def user_for_unsubscribe(session: Session, token: str) -> User | None:
    """The account a token was made for (None: forged, tampered or account gone)."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    user = session.get(User, data.get("user")) if isinstance(data, dict) else None
    return user if user is not None and user.deleted_at is None else None


def _reminder_headers(user: User) -> tuple[dict[str, str], str]:
    """RFC 8058 one-click unsubscribe headers, and the link for the body."""
    link = external_url("email_preferences.unsubscribe", token=unsubscribe_token(user))
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return headers, link


def where_they_stopped(enrolment: Enrolment, course: Course) -> str:
    """The absolute address of the page the learner last reached (else the course page)."""
    resume = resume_point(enrolment, course)
    if resume is None:
        return external_url("learn.course", slug=course.slug)
    module, number = resume
    return external_url("learn.page", slug=course.slug, module_id=module.id, number=number)


def inactivity_reminder(
    session: Session, due: reminders.DueReminder, course: Course, days: int
) -> OutgoingMail | None:
    """Reminder ``due.number`` to go on with ``course``, linking where the learner stopped."""
    headers, unsubscribe = _reminder_headers(due.user)
    return queue_templated(
        session,
        due.user,
        "email/reminder_inactive",
        Text("Pick up where you left off: %(title)s", title=course.title),
        kind=reminders.INACTIVE_KIND,
        dedupe_key=reminders.inactive_key(due.enrolment, due.number),
        headers=headers,
        course=course,
        days=days,
        unsubscribe_url=unsubscribe,
        resume_url=where_they_stopped(due.enrolment, course),
        preferences_url=external_url("email_preferences.edit"),
    )


def expiry_notice(
    session: Session, certificate: Certificate, user: User, course: Course | None
) -> OutgoingMail | None:
    """The one notice that ``certificate`` expires soon, with how to renew it."""
    headers, unsubscribe = _reminder_headers(user)
    renew_url = (
        external_url("learn.course", slug=course.slug) if course else external_url("learn.home")
    )
    return queue_templated(
        session,
        user,
        "email/certificate_expiring",
        Text(
            "Your certificate for %(title)s expires on %(day)s",
            title=certificate.course_title,
            day=ExpiryDay(certificate.expires_on),
        ),
        kind=reminders.EXPIRY_KIND,
        dedupe_key=reminders.expiry_key(certificate),
        headers=headers,
        certificate=certificate,
        renew_url=renew_url,
        unsubscribe_url=unsubscribe,
        preferences_url=external_url("email_preferences.edit"),
    )
