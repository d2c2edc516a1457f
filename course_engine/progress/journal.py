"""Reflections: a module page's ``::: reflect`` prompts, and the learner's private answers.

Answers belong to the learner alone: they are shown on their own pages and in their own data
export, and no administration page or report reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from course_engine.models import Enrolment, JournalEntry
from course_engine.models.types import utcnow

#: The most characters one answer keeps (longer text is cut, as for every learner field).
MAX_REFLECTION = 4000
_REFLECT_OPEN = '<aside class="callout callout-reflect"'
_CLOSE = "</aside>"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class JournalLine:
    """One saved reflection, for the learner's transcript and export."""

    course_slug: str
    module_id: str
    page: int
    prompt: int
    text: str
    updated_at: datetime


def split_at_reflections(page_html: str) -> list[str]:
    """The page's HTML cut after each reflection callout: n prompts give n + 1 pieces."""
    pieces: list[str] = []
    start = 0
    while (found := page_html.find(_REFLECT_OPEN, start)) != -1:
        end = page_html.find(_CLOSE, found)
        if end == -1:
            break
        end += len(_CLOSE)
        pieces.append(page_html[start:end])
        start = end
    pieces.append(page_html[start:])
    return pieces


def reflection_count(page_html: str) -> int:
    """How many reflection prompts a page has."""
    return len(split_at_reflections(page_html)) - 1


def clean_reflection(text: str) -> str:
    """Plain text as typed: normalized, control characters removed, cut to the limit."""
    normalized = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    return _CONTROL.sub("", normalized).strip()[:MAX_REFLECTION]


#: Built once: read on every lesson page.
ANSWERS_ON_PAGE = select(JournalEntry).where(
    JournalEntry.enrolment_id == bindparam("enrolment_id"),
    JournalEntry.module_id == bindparam("module_id"),
    JournalEntry.page == bindparam("page"),
)


def page_answers(
    session: Session, enrolment: Enrolment, module_id: str, page: int
) -> dict[int, str]:
    """The learner's saved answers on one page, by prompt number."""
    rows = session.scalars(
        ANSWERS_ON_PAGE, {"enrolment_id": enrolment.id, "module_id": module_id, "page": page}
    )
    return {row.prompt: row.text for row in rows}


def save_answers(
    session: Session,
    enrolment: Enrolment,
    module_id: str,
    page: int,
    answers: Mapping[int, str],
    prompts: int,
) -> None:
    """Store the page's answers (prompt numbers 1..prompts); an emptied answer is removed."""
    saved = {
        row.prompt: row
        for row in session.scalars(
            ANSWERS_ON_PAGE, {"enrolment_id": enrolment.id, "module_id": module_id, "page": page}
        )
    }
    for number in range(1, prompts + 1):
        if number not in answers:
            continue
        text = clean_reflection(answers[number])
        row = saved.get(number)
        if not text:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                JournalEntry(
                    enrolment_id=enrolment.id,
                    module_id=module_id,
                    page=page,
                    prompt=number,
                    text=text,
                    updated_at=utcnow(),
                )
            )
        elif row.text != text:
            row.text, row.updated_at = text, utcnow()
    session.flush()


def journal_of(session: Session, user_id: int) -> list[JournalLine]:
    """Every reflection the learner saved, by course, module and page."""
    rows = session.execute(
        select(JournalEntry, Enrolment.course_slug)
        .join(Enrolment, Enrolment.id == JournalEntry.enrolment_id)
        .where(Enrolment.user_id == user_id)
        .order_by(
            Enrolment.course_slug, JournalEntry.module_id, JournalEntry.page, JournalEntry.prompt
        )
    )
    return [
        JournalLine(slug, row.module_id, row.page, row.prompt, row.text, row.updated_at)
        for row, slug in rows
    ]
