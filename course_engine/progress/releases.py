"""Content releases: the version live, and the impact report of the files against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_engine.content import Catalog, ContentError
from course_engine.content.impact import content_changes
from course_engine.content.outline import catalog_outline
from course_engine.models import ContentRelease
from course_engine.models.types import utcnow
from course_engine.progress.impact import Impact, impact_errors, impact_of


@dataclass(frozen=True)
class ImpactReport:
    """What going live with the files would change, for how many learners; what it refuses."""

    live_hash: str | None  #: the content hash live (None: nothing released yet)
    disk_hash: str
    impacts: list[Impact] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as text, one change (and its learners and rule) after another."""
        live = self.live_hash[:12] if self.live_hash else "none released yet"
        out = [f"Impact on learners: live {live}, on disk {self.disk_hash[:12]}."]
        out += [f"error: {error}" for error in self.errors]
        if not self.impacts:
            out.append("No change touches learners." if self.live_hash else "")
        for impact in self.impacts:
            change = impact.change
            out.append(
                f"{change.course}: {change.kind}: {change.subject} ({change.source}:{change.line})"
            )
            out.append(f"  touches {impact.summary()}")
            out.append(f"  rule: {change.rule}")
        return [line for line in out if line]


def live_outline(session: Session) -> ContentRelease | None:
    """The release made live last, if any."""
    return session.scalar(
        select(ContentRelease).order_by(ContentRelease.released_at.desc(), ContentRelease.id.desc())
    )


def record_release(session: Session, catalog: Catalog) -> ContentRelease:
    """Record that ``catalog`` is now live (again, if it was before); flushes."""
    found = session.scalar(
        select(ContentRelease).where(ContentRelease.content_hash == catalog.content_hash)
    )
    if found is not None:
        found.released_at = utcnow()
        session.flush()
        return found
    release = ContentRelease(content_hash=catalog.content_hash, outline=catalog_outline(catalog))
    try:
        with session.begin_nested():
            session.add(release)
    except IntegrityError:  # another instance recorded it first
        return record_release(session, catalog)
    return release


def impact_report(
    session: Session, disk: Catalog, live: dict[str, Any] | None = None
) -> ImpactReport:
    """The files' changes against ``live`` (default: the release live) and the learners they
    touch; ``errors`` lists the edits refused because learners hold rows under them."""
    release = None
    if live is None:
        release = live_outline(session)
        live = release.outline if release is not None else None
    outline = catalog_outline(disk)
    changes = content_changes(live, outline) if live is not None else []
    return ImpactReport(
        live_hash=live["content_hash"] if live is not None else None,
        disk_hash=disk.content_hash,
        impacts=impact_of(session, changes),
        errors=impact_errors(session, live, outline),
    )
