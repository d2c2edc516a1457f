"""Acting on accounts: role, activation, name, reset link, placement, certificates, deletion.

Each function takes a session, changes objects, records the action in the audit log and
flushes; the view that called it commits both together.
"""

from __future__ import annotations

from sqlalchemy import delete, null, select, update
from sqlalchemy.orm import Session

from course_engine import audit, certificates
from course_engine.auth import reset
from course_engine.models import (
    AccessRole,
    AuditEntry,
    Certificate,
    CertificateStatus,
    Cohort,
    Enrolment,
    JournalEntry,
    Organization,
    PasswordResetToken,
    QuizAttempt,
    User,
)
from course_engine.models.types import utcnow
from course_engine.texts import N_, Text

#: The name a deleted account and its certificates keep.
DELETED_NAME = "Deleted learner"
#: Not an argon2 hash, so no password ever verifies against it.
# A marker stored as the hash, not a password: nothing verifies against it.
UNUSABLE_PASSWORD = "!deleted"  # noqa: S105  # nosec B105
#: The reason recorded on certificates revoked because their learner was deleted.
LEARNER_DELETED = "learner deleted"
#: Audit detail keys that hold personal data, removed when the account is deleted.
PERSONAL_DETAILS = ("old_name", "new_name", "email")


class OperationRefused(Exception):
    """The action is not allowed on this account; ``str(error)`` says why."""


def placeholder_email(user_id: int) -> str:
    """The address a deleted account keeps: unique, and never deliverable."""
    return f"deleted-{user_id}@invalid"


def change_role(session: Session, user: User, role: AccessRole, actor: User | None) -> None:
    """Give the user another access role."""
    _refuse_deleted(user)
    _refuse_self(user, actor, "change your own role")
    if role == AccessRole.ORG_ADMIN and user.organization_id is None:
        raise OperationRefused(
            N_("An organization administrator needs an organization: place the user in one first.")
        )
    old = user.access_role
    if old == role:
        return
    user.access_role = role
    audit.record(
        session, actor, "user.role_changed", "user", user.id, old=old.value, new=role.value
    )


def set_active(session: Session, user: User, active: bool, actor: User | None) -> None:
    """Deactivate (logged out at once, cannot log in) or reactivate an account."""
    _refuse_deleted(user)
    if not active:
        _refuse_self(user, actor, "deactivate your own account")
    if user.is_active == active:
        return
    user.is_active = active
    if not active:
        user.session_version = (user.session_version or 1) + 1
    action = "user.reactivated" if active else "user.deactivated"
    audit.record(session, actor, action, "user", user.id)
    session.flush()


def correct_name(
    session: Session,
    user: User,
    new_name: str,
    actor: User | None,
    *,
    reissue: bool,
    serial_prefix: str = certificates.DEFAULT_SERIAL_PREFIX,
) -> list[Certificate]:
    """Correct the name printed on certificates; reissue valid ones if asked. Returns new ones."""
    _refuse_deleted(user)
    new_name = new_name.strip()
    if not new_name:
        raise OperationRefused(N_("Enter the learner's full name."))
    if new_name != user.full_name:
        audit.record(
            session,
            actor,
            "user.name_corrected",
            "user",
            user.id,
            old_name=user.full_name,
            new_name=new_name,
        )
        user.full_name = new_name
        session.flush()
    if not reissue:
        return []
    return [
        reissue_certificate(session, certificate, actor, serial_prefix=serial_prefix)
        for certificate in certificates_of(session, user)
        if certificate.status == CertificateStatus.VALID and certificate.learner_name != new_name
    ]


def send_reset_link(session: Session, user: User, actor: User | None) -> None:
    """Queue an email with a password-reset link for the user (sent after commit)."""
    _refuse_deleted(user)
    if not user.is_active:
        raise OperationRefused(
            N_("Reactivate the account first: reset links of inactive accounts do not work.")
        )
    reset.send_password_reset(session, user)
    audit.record(session, actor, "user.password_reset_sent", "user", user.id)


def change_placement(
    session: Session,
    user: User,
    organization: Organization | None,
    cohort: Cohort | None,
    actor: User | None,
) -> None:
    """Put the user in an organization and cohort (or none)."""
    _refuse_deleted(user)
    new = (organization.id if organization else None, cohort.id if cohort else None)
    old = (user.organization_id, user.cohort_id)
    if new == old:
        return
    if user.access_role == AccessRole.ORG_ADMIN and new[0] is None:
        raise OperationRefused(N_("An organization administrator needs an organization."))
    user.organization_id, user.cohort_id = new
    audit.record(
        session,
        actor,
        "user.placement_changed",
        "user",
        user.id,
        old_organization_id=old[0],
        new_organization_id=new[0],
        old_cohort_id=old[1],
        new_cohort_id=new[1],
    )
    session.flush()
    session.refresh(user, ["organization", "cohort"])


def revoke_certificate(
    session: Session, certificate: Certificate, reason: str, actor: User | None
) -> None:
    """Revoke a valid certificate (raises IllegalTransition when it is not valid)."""
    certificates.revoke(session, certificate, reason, actor)
    audit.record(
        session,
        actor,
        "certificate.revoked",
        "certificate",
        certificate.id,
        serial=certificate.serial,
        user_id=certificate.user_id,
        reason=reason,
    )


def reissue_certificate(
    session: Session,
    certificate: Certificate,
    actor: User | None,
    *,
    reason: str = "learner's name corrected",
    serial_prefix: str = certificates.DEFAULT_SERIAL_PREFIX,
) -> Certificate:
    """Replace a valid certificate by one in the learner's current name."""
    replacement = certificates.reissue(
        session, certificate, actor, reason=reason, serial_prefix=serial_prefix
    )
    audit.record(
        session,
        actor,
        "certificate.reissued",
        "certificate",
        certificate.id,
        serial=certificate.serial,
        new_serial=replacement.serial,
        user_id=certificate.user_id,
        reason=reason,
    )
    return replacement


def certificates_of(session: Session, user: User) -> list[Certificate]:
    """Every certificate of the user, newest first."""
    return list(
        session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.id.desc())
        )
    )


def delete_user(session: Session, user: User, actor: User | None) -> None:
    """Delete an account by anonymizing it: counts, scores and completions stay (see docs)."""
    _refuse_deleted(user)
    _refuse_self(user, actor, "delete your own account")
    for certificate in certificates_of(session, user):
        if certificate.status == CertificateStatus.VALID:
            certificates.revoke(session, certificate, LEARNER_DELETED, actor)
        certificate.learner_name = DELETED_NAME
        certificate.credential = None  # it names the learner; its status bit stays revoked
    enrolment_ids = select(Enrolment.id).where(Enrolment.user_id == user.id)
    session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.enrolment_id.in_(enrolment_ids))
        .values(answers=null())
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(JournalEntry).where(JournalEntry.enrolment_id.in_(enrolment_ids)))
    session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    _scrub_audit_entries(session, user)
    user.email = user.email_key = placeholder_email(user.id)
    user.full_name = DELETED_NAME
    user.organization_name = ""
    user.password_hash = UNUSABLE_PASSWORD
    user.access_role = AccessRole.LEARNER
    user.is_active = False
    user.session_version = (user.session_version or 1) + 1
    user.last_login_at = None
    user.deleted_at = utcnow()
    audit.record(session, actor, "user.deleted", "user", user.id)
    session.expire_all()  # attempts were changed in bulk


def _scrub_audit_entries(session: Session, user: User) -> None:
    """Remove the user's email and names from the audit log (the entries themselves stay)."""
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.actor_id == user.id)
        .values(actor_label=placeholder_email(user.id))
        .execution_options(synchronize_session=False)
    )
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == "user", AuditEntry.target_id == user.id)
    )
    for entry in entries:
        if any(key in entry.details for key in PERSONAL_DETAILS):
            entry.details = {k: v for k, v in entry.details.items() if k not in PERSONAL_DETAILS}
    session.flush()


def _refuse_deleted(user: User) -> None:
    """Deleted accounts are kept only for the counts: nothing more is done to them."""
    if user.deleted_at is not None:
        raise OperationRefused(N_("This account was deleted."))


def _refuse_self(user: User, actor: User | None, what: str) -> None:
    """Administrators may not lock themselves out."""
    if actor is not None and actor.id == user.id:
        raise OperationRefused(Text("You cannot %(what)s.", what=what))
