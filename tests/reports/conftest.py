"""A small, fully known world for the report tests: five learners of the bundled course.

- Ada Lovelace: Lincoln, cohort June, teacher, school, MD; enrolled 01-10, completed 01-20
  (10 days); 6 of 6 modules; pre-test 40; post-test 60 then 90; certificate valid.
- Ben Okafor: Lincoln, school_staff, school, MD; enrolled 02-01, active 03-10; visited
  modules 1-3, completed 1-2; pre-test 60.
- Chloé Ünal: Eastside, health_center_staff, health_center, VA; enrolled 02-15, completed
  03-15 (28 days); 6 of 6; pre-test 50; post-test 80; certificate revoked.
- Dan Brooks: Eastside, teacher, health_center, VA; enrolled 03-01; nothing done.
- Eve Adams: no organization (typed "Home"), family_member, other, NY; enrolled 03-05;
  pre-test 20 only.

All in 2026, UTC. Ada also has an enrolment in another course, which no report of the
bundled course shows. Three anonymous evaluation responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from course_engine.certificates.operations import issue_for_enrolment, revoke
from course_engine.content import Course
from course_engine.models import AccessRole, Cohort, Enrolment, Organization, User
from tests.factories import (
    create_attempt,
    create_cohort,
    create_enrolment,
    create_module_completion,
    create_organization,
    create_page_visit,
    create_survey_response,
    create_user,
)

#: "Now" for the dashboard numbers of the world.
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 9) -> datetime:
    """A moment of 2026, in UTC."""
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@dataclass
class World:
    """Everything the report tests look at."""

    course: Course
    lincoln: Organization
    eastside: Organization
    june: Cohort
    ada: User
    ben: User
    chloe: User
    dan: User
    eve: User
    enrolments: dict[str, Enrolment]
    admin: User
    org_admin: User
    other_org_admin: User


def pretest(session: Session, enrolment: Enrolment, percent: float, **answers: Any) -> None:
    """A pre-test attempt answering q1 (single), q3 (multiple) and q6 (true/false)."""
    right = {"q1": answers["q1"] == "a", "q3": answers["q3"] == ["a", "b", "c"],
             "q6": answers["q6"] is False}
    create_attempt(session, enrolment, "pretest", percent, results=right, answers=answers)


def posttest(session: Session, enrolment: Enrolment, percent: float, number: int,
             matching_right: bool, crm: str) -> None:
    """A post-test attempt answering crm-invitation (single) and csmhm-matching."""
    course_pairs = {
        "a": "Arranging food and internet access for families during school closures",
        "b": "A staff referral form that routes concerns to a health-center clinician",
        "c": "A student advisory council that helps shape wellness programming",
        "d": "Pairing every student with a trusted adult who checks in weekly",
    }
    matching = dict(course_pairs)
    if not matching_right:
        matching["a"], matching["b"] = course_pairs["b"], course_pairs["a"]
    create_attempt(
        session, enrolment, "posttest", percent, number=number,
        results={"crm-invitation": crm == "a", "csmhm-matching": matching_right},
        answers={"crm-invitation": crm, "csmhm-matching": matching},
    )


@pytest.fixture
def world(db: Session, course: Course) -> World:
    """Build the world described at the top of this file."""
    lincoln = create_organization(db, "Lincoln Elementary", kind="school", state="MD")
    eastside = create_organization(db, "Eastside Health Center", kind="health_center", state="VA")
    june = create_cohort(db, "June 2026", organization=lincoln)
    people = {
        "ada": dict(full_name="Ada Lovelace", organization_id=lincoln.id, cohort_id=june.id,
                    role="teacher", organization_kind="school", state="MD"),
        "ben": dict(full_name="Ben Okafor", organization_id=lincoln.id, role="school_staff",
                    organization_kind="school", state="MD"),
        "chloe": dict(full_name="Chloé Ünal", organization_id=eastside.id,
                      role="health_center_staff", organization_kind="health_center", state="VA"),
        "dan": dict(full_name="Dan Brooks", organization_id=eastside.id, role="teacher",
                    organization_kind="health_center", state="VA"),
        "eve": dict(full_name="Eve Adams", role="family_member", organization_kind="other",
                    organization_name="Home", state="NY"),
    }
    users = {key: create_user(db, email=f"{key}@example.org", **values)
             for key, values in people.items()}
    modules = [module.id for module in course.visible_modules()]
    e = {
        "ada": create_enrolment(db, users["ada"], enrolled_at=at(1, 10), completed_at=at(1, 20),
                                last_active_at=at(1, 20)),
        "ben": create_enrolment(db, users["ben"], enrolled_at=at(2, 1), last_active_at=at(3, 10)),
        "chloe": create_enrolment(db, users["chloe"], enrolled_at=at(2, 15),
                                  completed_at=at(3, 15), last_active_at=at(3, 15)),
        "dan": create_enrolment(db, users["dan"], enrolled_at=at(3, 1)),
        "eve": create_enrolment(db, users["eve"], enrolled_at=at(3, 5)),
    }
    create_enrolment(db, users["ada"], course_slug="another-course", enrolled_at=at(1, 2))
    for key in ("ada", "chloe"):
        for module_id in modules:
            create_page_visit(db, e[key], module_id, 1)
            create_module_completion(db, e[key], module_id)
    for module_id in modules[:3]:
        create_page_visit(db, e["ben"], module_id, 1)
    for module_id in modules[:2]:
        create_module_completion(db, e["ben"], module_id)
    pretest(db, e["ada"], 40, q1="a", q3=["a", "d"], q6=True)
    pretest(db, e["ben"], 60, q1="a", q3=["a", "b", "c"], q6=False)
    pretest(db, e["chloe"], 50, q1="b", q3=["d"], q6=True)
    pretest(db, e["eve"], 20, q1="b", q3=None, q6=False)
    posttest(db, e["ada"], 60, 1, matching_right=True, crm="b")
    posttest(db, e["ada"], 90, 2, matching_right=True, crm="a")
    posttest(db, e["chloe"], 80, 1, matching_right=False, crm="a")
    issue_for_enrolment(db, e["ada"], course)
    chloe_certificate = issue_for_enrolment(db, e["chloe"], course)
    assert chloe_certificate is not None
    revoke(db, chloe_certificate, "issued in error", None)
    create_survey_response(db, {"objectives-met": 5, "relevant": 4,
                                "planned-change": "Use a warm handoff",
                                "improvements": "=HYPERLINK(\"http://x\")"})
    create_survey_response(db, {"objectives-met": 4, "planned-change": "  "})
    create_survey_response(db, {"objectives-met": 5, "relevant": None,
                                "improvements": "more examples"})
    return World(
        course=course, lincoln=lincoln, eastside=eastside, june=june, enrolments=e,
        admin=create_user(db, email="admin@example.org", access_role=AccessRole.ADMIN),
        org_admin=create_user(db, email="lincoln.admin@example.org",
                              access_role=AccessRole.ORG_ADMIN, organization_id=lincoln.id),
        other_org_admin=create_user(db, email="eastside.admin@example.org",
                                    access_role=AccessRole.ORG_ADMIN,
                                    organization_id=eastside.id),
        **users,
    )
