"""The figures the authoring checks use (all can be changed from the command line)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckSettings:
    """Targets and allowances of the authoring checks."""

    #: warn when a module's Flesch-Kincaid grade is above this
    reading_grade: float = 9.0
    #: reading speed for the seat-time estimate
    words_per_minute: int = 200
    #: minutes allowed for each question asked
    minutes_per_question: float = 1.0
    #: minutes allowed for each ``::: reflect`` callout
    minutes_per_reflection: float = 3.0
    #: warn when claimed minutes exceed the estimate by more than this share
    seat_time_slack: float = 0.25
    #: warn when a module objective is assessed by fewer graded questions than this
    questions_per_objective: int = 2
