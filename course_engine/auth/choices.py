"""The fixed answers of the profile questions: job roles, organization kinds, states."""

from __future__ import annotations

from course_engine.texts import N_

#: Job roles (stored value, label shown to learners and in reports).
ROLES: tuple[tuple[str, str], ...] = (
    ("teacher", N_("Teacher")),
    ("school_staff", N_("School staff")),
    ("school_mental_health_staff", N_("School mental health staff")),
    ("health_center_staff", N_("Health center staff")),
    ("family_member", N_("Family member")),
    ("student", N_("Student")),
    ("other", N_("Other")),
)

#: Kinds of organization a learner works for.
ORGANIZATION_KINDS: tuple[tuple[str, str], ...] = (
    ("school", N_("School")),
    ("health_center", N_("Health center")),
    ("other", N_("Other")),
)

#: US states, the District of Columbia and the territories, by two-letter postal code.
STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("MP", "Northern Mariana Islands"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VI", "U.S. Virgin Islands"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
)

ROLE_LABELS: dict[str, str] = dict(ROLES)
ORGANIZATION_KIND_LABELS: dict[str, str] = dict(ORGANIZATION_KINDS)
STATE_NAMES: dict[str, str] = dict(STATES)
