"""Calls to the LMS's LTI Advantage services (pylti1p3): scores (AGS) and the roster (NRPS).

Each call asks the platform's token endpoint for an access token with a client assertion the
tool's newest key signs (the platform checks it against the tool's key set URL). No database
work happens here: callers commit before calling, so no transaction waits on the LMS.
"""

from __future__ import annotations

from typing import Any

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector

from course_engine.models import LtiGradeLink, LtiScore

#: Seconds one HTTP call to the LMS may take.
TIMEOUT = 20


class ServiceFailed(Exception):
    """The LMS refused or could not be reached; ``str()`` says how."""


class _Session(requests.Session):
    """A requests session with a timeout on every call."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


class Connector(ServiceConnector):
    """pylti1p3's connector, asking for a fresh token each call (no cache shared across apps)."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(registration, _Session())

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return None

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        return None


def send_score(registration: Registration, link: LtiGradeLink, score: LtiScore) -> None:
    """POST the score to the link's line item (found or created when only a container is known)."""
    service = AssignmentsGradesService(
        Connector(registration),
        {
            "scope": link.scopes,  # type: ignore[typeddict-item]
            **({"lineitem": link.lineitem_url} if link.lineitem_url else {}),
            **({"lineitems": link.lineitems_url} if link.lineitems_url else {}),
        },
    )
    grade = (
        Grade()
        .set_user_id(link.lti_user_id)
        .set_score_given(score.score_given)
        .set_score_maximum(score.score_maximum)
        .set_activity_progress(score.activity_progress)
        .set_grading_progress(score.grading_progress)
        .set_timestamp(score.earned_at.isoformat())
    )
    lineitem = None
    if not link.lineitem_url:
        resource = f"{link.course_slug}/{link.module_id}".rstrip("/")
        lineitem = (
            LineItem()
            .set_label(resource)
            .set_resource_id(resource)
            .set_tag("course_engine")
            .set_score_maximum(score.score_maximum)
        )
    try:
        service.put_grade(grade, lineitem)
    except (LtiException, requests.RequestException, ValueError, KeyError) as error:
        raise ServiceFailed(f"{type(error).__name__}: {error}") from error


def roster(registration: Registration, memberships_url: str) -> list[dict[str, Any]]:
    """Every member of the context, page after page."""
    service = NamesRolesProvisioningService(
        Connector(registration), {"context_memberships_url": memberships_url}
    )
    try:
        return list(service.get_members())  # type: ignore[arg-type]
    except (LtiException, requests.RequestException, ValueError, KeyError) as error:
        raise ServiceFailed(f"{type(error).__name__}: {error}") from error
