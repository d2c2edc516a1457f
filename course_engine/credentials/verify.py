"""Checking a credential someone pasted: signature, issuer, status and dates, with reasons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pyld.jsonld import JsonLdError
from sqlalchemy.orm import Session

from course_engine.credentials import proof, status_list
from course_engine.credentials.issuing import IssuerKeys
from course_engine.models import StatusList

#: Pasted credentials larger than this are refused before parsing.
MAX_BYTES = 200_000


@dataclass
class Verdict:
    """Whether a credential is valid, and if not, every reason why."""

    reasons: list[str] = field(default_factory=list)
    credential: dict[str, Any] | None = None

    @property
    def valid(self) -> bool:
        """Valid when nothing was found wrong."""
        return not self.reasons


def check_text(session: Session, text: str | bytes, issuer: IssuerKeys) -> Verdict:
    """Parse and check a credential given as JSON text."""
    if len(text) > MAX_BYTES:
        return Verdict([f"it is larger than {MAX_BYTES // 1000} kB, which no credential is"])
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        return Verdict([f"it is not well-formed JSON ({error})"])
    if not isinstance(document, dict):
        return Verdict(["it is not a JSON object"])
    return check_credential(session, document, issuer)


def check_credential(
    session: Session, document: dict[str, Any], issuer: IssuerKeys, now: datetime | None = None
) -> Verdict:
    """Check a parsed OpenBadgeCredential issued by this server."""
    verdict = Verdict(credential=document)
    types = document.get("type")
    if not isinstance(types, list) or "OpenBadgeCredential" not in types:
        verdict.reasons.append("it is not an Open Badges credential (type OpenBadgeCredential)")
        return verdict
    issuer_id = _issuer_id(document)
    if issuer_id != issuer.did:
        verdict.reasons.append(
            f"its issuer {issuer_id or '(none)'} is unknown here: "
            f"this server issues as {issuer.did}"
        )
        return verdict
    try:
        proof.verify(document, issuer.public_key)
    except proof.ProofError as error:
        verdict.reasons.append(f"{error}")
    except (JsonLdError, ValueError, TypeError, KeyError) as error:
        verdict.reasons.append(f"it is malformed: {_short(error)}")
        return verdict
    moment = now or datetime.now(UTC)
    verdict.reasons.extend(_date_problems(document, moment))
    verdict.reasons.extend(_status_problems(session, document, issuer))
    return verdict


def _issuer_id(document: dict[str, Any]) -> str | None:
    value = document.get("issuer")
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def _date_problems(document: dict[str, Any], now: datetime) -> list[str]:
    problems = []
    for key in ("validFrom", "validUntil"):
        value = document.get(key)
        if value is None:
            continue
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"its {key} is not a date and time")
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if key == "validFrom" and moment > now:
            problems.append(f"it is not valid before {moment:%B %-d, %Y}")
        if key == "validUntil" and moment <= now:
            problems.append(f"it expired on {moment:%B %-d, %Y}")
    return problems


def _status_problems(session: Session, document: dict[str, Any], issuer: IssuerKeys) -> list[str]:
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict):
        return ["it has no status entry, so whether it was revoked cannot be checked"]
    url = entry.get("statusListCredential")
    index = str(entry.get("statusListIndex", ""))
    prefix = issuer.status_list_url(0)[:-1]
    if not isinstance(url, str) or not url.startswith(prefix) or not index.isdigit():
        return ["its status entry does not point to one of this server's status lists"]
    number = url[len(prefix) :]
    row = session.get(StatusList, int(number)) if number.isdigit() else None
    if row is None or int(index) >= status_list.LIST_SIZE:
        return ["its status list does not exist here"]
    if status_list.bit(row.bits, int(index)):
        return ["it has been revoked by its issuer"]
    return []


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]
