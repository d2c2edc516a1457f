"""A certificate as an Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), unsigned."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, time
from typing import Any

from course_engine.content import Course
from course_engine.credentials.jsonld import OB_V3, VC_V2
from course_engine.models import Certificate


def timestamp(moment: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second: 2026-03-03T14:30:05Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def email_identity(email: str, salt: str) -> dict[str, Any]:
    """An OB 3.0 IdentityObject: sha256$hex of the lower-cased email and the salt."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def issuer_profile(certificate: Certificate, did: str) -> dict[str, Any]:
    """The issuer Profile: the DID, and only what the course named (nothing made up)."""
    profile: dict[str, Any] = {"id": did, "type": ["Profile"]}
    named = certificate.issuer or {}
    if named.get("name"):
        profile["name"] = named["name"]
    if named.get("url"):
        profile["url"] = named["url"]
    if named.get("email"):
        profile["email"] = named["email"]
    if named.get("logo"):
        profile["image"] = {"id": named["logo"], "type": "Image"}
    return profile


def criteria(course: Course | None) -> str:
    """What earning the certificate takes, from the course's completion rules."""
    if course is None:
        return "Completed the course as its completion rules required."
    rules = ["complete every required module"]
    completion = course.completion
    if completion.pretest_required:
        rules.insert(0, "take the pre-test")
    if completion.posttest_min_score is not None:
        rules.append(f"score at least {completion.posttest_min_score}% on the post-test")
    if completion.evaluation_required:
        rules.append("submit the course evaluation")
    listed = ", ".join(rules[:-1]) + (" and " if len(rules) > 1 else "") + rules[-1]
    return f"Learners {listed}."


def build_credential(
    certificate: Certificate,
    *,
    email: str,
    did: str,
    credential_id: str,
    achievement_id: str,
    status: dict[str, Any],
    course: Course | None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``certificate`` (its recipient: ``email``)."""
    hours = certificate.hours
    credits: float | int = int(hours) if float(hours).is_integer() else hours
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": (
            f"Completion of the course {certificate.course_title} (version "
            f"{certificate.course_version}): {hours:g} contact hours of continuing education."
        ),
        "criteria": {"narrative": criteria(course)},
        "creditsAvailable": credits,
        "version": certificate.course_version,
    }
    credential: dict[str, Any] = {
        "@context": [VC_V2, OB_V3],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{certificate.course_title}: certificate {certificate.serial}",
        "issuer": issuer_profile(certificate, did),
        "validFrom": timestamp(certificate.issued_at),
        "awardedDate": timestamp(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                email_identity(email, secrets.token_hex(8)),
                {
                    "type": "IdentityObject",
                    "identityHash": certificate.learner_name,
                    "identityType": "name",
                    "hashed": False,
                },
            ],
            "achievement": achievement,
            "creditsEarned": credits,
        },
        "credentialStatus": status,
    }
    if certificate.expires_on is not None:
        until = datetime.combine(certificate.expires_on, time(), tzinfo=UTC)
        credential["validUntil"] = timestamp(until)
    return credential
