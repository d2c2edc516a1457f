"""Fifty learners at once on gunicorn (4 workers): no errors, no locks, nothing lost or doubled."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from tests.reliability.checks import duplicates, half_written, progress_differences
from tests.reliability.conftest import LOAD_SECONDS, Site
from tests.reliability.walker import run_learners

CONCURRENT = 50
#: Learners waiting their turn: a browser that finishes the course takes the next one.
POOL = CONCURRENT * 4
FINISHERS = 10


def test_fifty_learners_at_once_keep_every_page_attempt_and_certificate(
    site_for: Callable[..., AbstractContextManager[Site]],
) -> None:
    with site_for(learners=POOL) as site:
        run = run_learners(
            site.server.url,
            site.learners,
            site.course,
            site.engine,
            threads=CONCURRENT,
            seconds=LOAD_SECONDS,
            finishers=FINISHERS,
        )
        completed = sum(walker.completed for walker in run.walkers)
        print(
            f"\n{site.engine.dialect.name}: {run.requests} requests in {run.seconds:.1f} s "
            f"({run.requests / run.seconds:.0f}/s) by {len(run.walkers)} learners, "
            f"{CONCURRENT} at a time; {completed} completed; {len(run.errors)} errors"
        )
        assert run.errors == []
        assert site.problems() == []
        assert completed >= FINISHERS
        assert duplicates(site.engine) == []
        assert half_written(site.engine, site.course) == []
        assert progress_differences(site.engine, run.walkers) == []
