"""A small, fully known world for the report tests: five learners of the bundled course.

- Ada Lovelace: Lincoln, cohort June, teacher, school, MD; enrolled 01-10, completed 01-20
  (10 days); 6 of 6 modules; pre-test 40; post-test 60 then 90; certificate valid.
- Ben Okafor: Lincoln, school_staff, school, MD; enrolled 02-01, active 03-10; visited
  modules 1-3, completed 1-2; pre-test 60.
- Chloé Ünal: Eastside, health_center_staff, health_center, VA; enrolled 02-15, completed
  03-15 (28 days); 6 of 6; pre-test 50; post-test 80; certificate revoked.
- Dan Brooks: Eastside, teacher, health_center, VA; enrolled 03-01; nothing done.
- Eve Adams: no organization (typed "Home"), family_member, other, NY; enrolled 03-05;
  pre-test 20 only, on 03-06 (so active in the 30 days before NOW, 03-20).

Every visit, completion and attempt happens on the learner's last active day (Eve: 03-06).

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
    create_org_admin,
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
    right = {
        "q1": answers["q1"] == "a",
        "q3": answers["q3"] == ["b", "d"],
        "q6": answers["q6"] is False,
    }
    when = enrolment.last_active_at or at(3, 6)
    create_attempt(
        session,
        enrolment,
        "pretest",
        percent,
        results=right,
        answers=answers,
        started_at=when,
        submitted_at=when,
    )


def posttest(
    session: Session,
    enrolment: Enrolment,
    percent: float,
    number: int,
    matching_right: bool,
    crm: str,
) -> None:
    """A post-test attempt answering crm-invitation (single) and csmhm-matching."""
    course_pairs = {
        "a": "Replacing crowded hallway changes that often lead to fights",
        "b": "A team meeting where staff raise concerns about students whose grades have dropped",
        "c": "Letting students choose how they show what they have learned",
        "d": "Greeting every student by name at the door each morning",
    }
    matching = dict(course_pairs)
    if not matching_right:
        matching["a"], matching["b"] = course_pairs["b"], course_pairs["a"]
    create_attempt(
        session,
        enrolment,
        "posttest",
        percent,
        number=number,
        results={"crm-invitation": crm == "a", "csmhm-matching": matching_right},
        answers={"crm-invitation": crm, "csmhm-matching": matching},
        started_at=enrolment.last_active_at,
        submitted_at=enrolment.last_active_at,
    )


#: key, full name, organization, in the June cohort, role, organization kind, state.
PEOPLE = [
    ("ada", "Ada Lovelace", "lincoln", True, "teacher", "school", "MD"),
    ("ben", "Ben Okafor", "lincoln", False, "school_staff", "school", "MD"),
    ("chloe", "Chloé Ünal", "eastside", False, "health_center_staff", "health_center", "VA"),
    ("dan", "Dan Brooks", "eastside", False, "teacher", "health_center", "VA"),
    ("eve", "Eve Adams", None, False, "family_member", "other", "NY"),
]


@pytest.fixture
def world(db: Session, course: Course) -> World:
    """Build the world described at the top of this file."""
    lincoln = create_organization(db, "Lincoln Elementary", kind="school", state="MD")
    eastside = create_organization(db, "Eastside Health Center", kind="health_center", state="VA")
    june = create_cohort(db, "June 2026", organization=lincoln)
    places = {"lincoln": lincoln.id, "eastside": eastside.id, None: None}
    users = {
        key: create_user(
            db,
            email=f"{key}@example.org",
            full_name=name,
            organization_id=places[place],
            cohort_id=june.id if cohort else None,
            role=role,
            organization_kind=kind,
            state=state,
            **({} if place else {"organization_name": "Home"}),
        )
        for key, name, place, cohort, role, kind, state in PEOPLE
    }
    modules = [module.id for module in course.visible_modules()]
    e = {
        "ada": create_enrolment(
            db,
            users["ada"],
            enrolled_at=at(1, 10),
            completed_at=at(1, 20),
            last_active_at=at(1, 20),
        ),
        "ben": create_enrolment(db, users["ben"], enrolled_at=at(2, 1), last_active_at=at(3, 10)),
        "chloe": create_enrolment(
            db,
            users["chloe"],
            enrolled_at=at(2, 15),
            completed_at=at(3, 15),
            last_active_at=at(3, 15),
        ),
        "dan": create_enrolment(db, users["dan"], enrolled_at=at(3, 1)),
        "eve": create_enrolment(db, users["eve"], enrolled_at=at(3, 5)),
    }
    create_enrolment(db, users["ada"], course_slug="another-course", enrolled_at=at(1, 2))
    for key in ("ada", "chloe"):
        when = e[key].last_active_at
        for module_id in modules:
            create_page_visit(db, e[key], module_id, 1, reached_at=when)
            create_module_completion(db, e[key], module_id, completed_at=when)
    for module_id in modules[:3]:
        create_page_visit(db, e["ben"], module_id, 1, reached_at=at(3, 10))
    for module_id in modules[:2]:
        create_module_completion(db, e["ben"], module_id, completed_at=at(3, 10))
    pretest(db, e["ada"], 40, q1="a", q3=["b", "c"], q6=True)
    pretest(db, e["ben"], 60, q1="a", q3=["b", "d"], q6=False)
    pretest(db, e["chloe"], 50, q1="b", q3=["c"], q6=True)
    pretest(db, e["eve"], 20, q1="b", q3=None, q6=False)
    posttest(db, e["ada"], 60, 1, matching_right=True, crm="b")
    posttest(db, e["ada"], 90, 2, matching_right=True, crm="a")
    posttest(db, e["chloe"], 80, 1, matching_right=False, crm="a")
    issue_for_enrolment(db, e["ada"], course)
    chloe_certificate = issue_for_enrolment(db, e["chloe"], course)
    assert chloe_certificate is not None
    revoke(db, chloe_certificate, "issued in error", None)
    create_survey_response(
        db,
        {
            "objectives-met": 5,
            "relevant": 4,
            "planned-change": "Use a warm handoff",
            "improvements": '=HYPERLINK("http://x")',
        },
    )
    create_survey_response(db, {"objectives-met": 4, "planned-change": "  "})
    create_survey_response(
        db, {"objectives-met": 5, "relevant": None, "improvements": "more examples"}
    )
    return World(
        course=course,
        lincoln=lincoln,
        eastside=eastside,
        june=june,
        enrolments=e,
        admin=create_user(db, email="admin@example.org", access_role=AccessRole.ADMIN),
        org_admin=create_org_admin(db, lincoln, email="lincoln.admin@example.org"),
        other_org_admin=create_org_admin(db, eastside, email="eastside.admin@example.org"),
        **users,
    )
