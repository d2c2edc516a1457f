"""Deep Linking: what an instructor may place in their LMS, and the signed response for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.registration import Registration

from course_engine.content import Catalog

DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
SETTINGS_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


@dataclass(frozen=True)
class Placement:
    """One thing to place: a course, or one module of it (``value`` names it in the form)."""

    value: str
    title: str
    course_slug: str
    module_id: str = ""


def placements(catalog: Catalog) -> list[Placement]:
    """Every visible course, each followed by its modules."""
    found = []
    for course in catalog.visible_courses():
        found.append(Placement(f"{course.slug}/", course.title, course.slug))
        for module in course.visible_modules():
            title = f"{course.title}: {module.title}"
            found.append(Placement(f"{course.slug}/{module.id}", title, course.slug, module.id))
    return found


def response_jwt(
    registration: Registration,
    deployment_id: str,
    settings: dict[str, Any],
    placement: Placement,
    launch_url: str,
) -> str:
    """The signed LtiDeepLinkingResponse placing ``placement`` (opened by ``launch_url``)."""
    custom = {"course": placement.course_slug}
    if placement.module_id:
        custom["module"] = placement.module_id
    resource = (
        DeepLinkResource()
        .set_url(launch_url)
        .set_title(placement.title[:255])
        .set_custom_params(custom)
        .set_target("window")
    )
    return DeepLink(registration, deployment_id, settings).get_response_jwt([resource])  # type: ignore[arg-type]
