"""A worker killed with SIGKILL in the middle of quiz submissions leaves nothing half-written."""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager

import httpx
from sqlalchemy import select

from bench.harness import COURSE
from course_engine.models import AttemptStatus, QuizAttempt
from tests.reliability.checks import duplicates, half_written
from tests.reliability.conftest import Site
from tests.reliability.walker import ATTEMPT_PATH, Walker, reading

LEARNERS = 30
CHAOS_SECONDS = 10
KILL_EVERY = 1.5


def submit_repeatedly(walker: Walker, quiz_id: str, until: float) -> list[str]:
    """Start and submit (blank, so failing) attempts until ``until``; return cut-off submissions."""
    cut_off = []
    while time.monotonic() < until:
        try:
            attempt = walker.post(f"/courses/{COURSE}/quizzes/{quiz_id}/start")
        except httpx.TransportError:
            continue
        try:
            walker.submit(attempt)
        except httpx.TransportError:
            cut_off.append(attempt)
    return cut_off


def kill_workers(site: Site, until: float, every: float) -> list[int]:
    """Every ``every`` seconds until ``until``, SIGKILL the busiest worker; return their pids."""
    killed = []
    while time.monotonic() + every < until:
        time.sleep(every)
        pid = max(site.server.worker_pids(), key=open_files)
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)
    return killed


def open_files(pid: int) -> int:
    """How many files (connections included) a process has open: a busy worker has many."""
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:  # it just ended
        return 0


def attempt_row(site: Site, path: str) -> tuple[object, ...]:
    """What the database holds for the attempt at ``path``."""
    found = ATTEMPT_PATH.search(path)
    assert found
    with reading(site.engine) as session:
        attempt = session.get(QuizAttempt, int(found.group(1)))
        assert attempt is not None
        return attempt.status, attempt.submitted_at, attempt.score, attempt.answers


def test_a_worker_killed_mid_submission_leaves_whole_attempts_and_learners_carry_on(
    site_for: Callable[..., AbstractContextManager[Site]],
) -> None:
    with site_for(learners=LEARNERS) as site:
        first, second = site.course.visible_modules()[:2]
        assert first.quiz is not None
        walkers = [
            Walker(site.server.url, learner, site.course, site.engine, random.Random(n))
            for n, learner in enumerate(site.learners)
        ]
        with ThreadPoolExecutor(LEARNERS) as pool:
            for n in range(1, len(first.pages) + 1):
                list(pool.map(lambda walker, n=n: walker.read_page(first, n), walkers))
            until = time.monotonic() + CHAOS_SECONDS
            submitting = [pool.submit(submit_repeatedly, w, first.quiz, until) for w in walkers]
            killed = kill_workers(site, until, KILL_EVERY)
            cut_off = [future.result() for future in submitting]

        assert duplicates(site.engine) == []
        assert half_written(site.engine, site.course) == []
        interrupted = [path for paths in cut_off for path in paths]
        print(
            f"\n{site.engine.dialect.name}: killed workers {killed}; "
            f"{sum(w.requests for w in walkers)} answered requests, "
            f"{len(interrupted)} submissions cut off"
        )
        assert interrupted, "no submission was in flight when the workers died"

        def carry_on(walker: Walker, paths: list[str]) -> list[tuple[object, ...]]:
            """Retry each cut-off submission (twice), pass the check, open the next module."""
            rows = []
            for path in paths:
                found = ATTEMPT_PATH.search(path)
                assert found
                walker.submit(path, walker.right_answers(int(found.group(1))))
                rows.append(attempt_row(site, path))
                walker.post(path)  # submitted already: shows the result, changes nothing
                assert attempt_row(site, path) == rows[-1]
            walker.take_quiz(first.quiz or "", failures=0)
            walker.get(walker.post(f"/courses/{COURSE}/modules/{second.id}/1/next"))
            return rows

        with ThreadPoolExecutor(LEARNERS) as pool:
            retried = [row for rows in pool.map(carry_on, walkers, cut_off) for row in rows]

        for walker in walkers:
            walker.client.close()
        assert all(row[0] == AttemptStatus.SUBMITTED and row[1] for row in retried)
        assert half_written(site.engine, site.course) == []
        assert contiguous_submitted_attempts(site, first.quiz) == {}
        assert site.problems() == []


def contiguous_submitted_attempts(site: Site, quiz_id: str) -> dict[int, list[tuple]]:
    """Enrolments whose attempts at the quiz are not 1..n, all submitted, one passed at least."""
    by_enrolment: dict[int, list[tuple]] = {}
    with reading(site.engine) as session:
        rows = session.execute(
            select(
                QuizAttempt.enrolment_id, QuizAttempt.number, QuizAttempt.status, QuizAttempt.passed
            )
            .where(QuizAttempt.quiz_id == quiz_id)
            .order_by(QuizAttempt.enrolment_id, QuizAttempt.number)
        )
        for enrolment_id, number, status, passed in rows:
            by_enrolment.setdefault(enrolment_id, []).append((number, status, passed))
    assert len(by_enrolment) == LEARNERS
    return {
        enrolment_id: attempts
        for enrolment_id, attempts in by_enrolment.items()
        if [a[0] for a in attempts] != list(range(1, len(attempts) + 1))
        or any(a[1] != AttemptStatus.SUBMITTED for a in attempts)
        or not any(a[2] for a in attempts)
    }
