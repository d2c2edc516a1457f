"""A learner taking the course over HTTP, remembering what the server should have recorded."""

from __future__ import annotations

import queue
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.harness import COURSE, Learner
from course_engine.content import Course, Module
from course_engine.database import write_intent
from course_engine.models import QuizAttempt
from tests.quizzes.answers import right_form
from tests.support.forms import REVIEW_TOKEN_PATTERN

ATTEMPT_PATH = re.compile(rf"/courses/{COURSE}/attempts/(\d+)$")
#: Share of knowledge checks and post-tests failed once (blank answers) before passing.
FAIL_FIRST = 0.3


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reading only: on SQLite it never takes the write lock from the server."""
    token = write_intent.set(False)
    try:
        with Session(engine) as session:
            yield session
    finally:
        write_intent.reset(token)


class UnexpectedResponse(AssertionError):
    """The server answered with a status the learner did not expect."""


@dataclass
class Walker:
    """One learner's browser: posts pages and quizzes, and notes what it reached."""

    base_url: str
    learner: Learner
    course: Course
    engine: Engine
    rng: random.Random
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    #: Pages the server should have recorded, by module id.
    reached: dict[str, set[int]] = field(default_factory=dict)
    #: Attempts submitted (pre-test included), by quiz id.
    attempts: dict[str, int] = field(default_factory=dict)
    completed: bool = False

    def __post_init__(self) -> None:
        # A connection per request, so requests spread over every worker (gunicorn's gthread
        # workers keep a kept-alive connection to themselves).
        self.client = httpx.Client(
            base_url=self.base_url,
            cookies={"session": self.learner.cookie},
            timeout=120,
            headers={"Connection": "close"},
        )
        self.attempts[self.course.pretest or ""] = 1  # taken by bench.harness.prepare

    def walk(self, expired: Callable[[], bool], finish: bool = False) -> None:
        """Go through the course in order; stop once ``expired()`` unless told to finish."""
        steps = [
            (module, number)
            for module in self.course.visible_modules()
            for number in range(1, len(module.pages) + 1)
        ]
        try:
            for module, number in steps:
                if not finish and expired():
                    return
                self.read_page(module, number)
                if number == len(module.pages) and module.quiz:
                    self.take_quiz(module.quiz, failures=int(self.rng.random() < FAIL_FIRST))
            for quiz_id in (self.course.posttest, self.course.evaluation):
                if not finish and expired():
                    return
                failures = int(quiz_id == self.course.posttest and self.rng.random() < FAIL_FIRST)
                self.take_quiz(quiz_id or "", failures=failures)
            self.completed = True
        except (UnexpectedResponse, httpx.TransportError) as error:
            self.errors.append(f"learner {self.learner.user_id}: {error!r}")
        finally:
            self.client.close()

    def read_page(self, module: Module, number: int) -> None:
        """Press Next on a page, then load where it leads."""
        location = self.post(f"/courses/{COURSE}/modules/{module.id}/{number}/next")
        self.reached.setdefault(module.id, set()).update(
            {number, min(number + 1, len(module.pages))}
        )
        self.get(location)

    def take_quiz(self, quiz_id: str, failures: int) -> None:
        """Fail ``failures`` attempts with blank answers, then pass one."""
        quiz = self.course.quiz(quiz_id)
        assert quiz is not None
        for attempt in range(failures + 1):
            location = self.post(f"/courses/{COURSE}/quizzes/{quiz_id}/start")
            found = ATTEMPT_PATH.search(location)
            if found is None:
                raise UnexpectedResponse(f"start {quiz_id} led to {location}")
            self.get(location)
            form = self.right_answers(int(found.group(1))) if attempt == failures else {}
            self.get(self.submit(location, form))
            self.attempts[quiz_id] = self.attempts.get(quiz_id, 0) + 1

    def submit(self, attempt: str, form: dict[str, list[str]] | None = None) -> str:
        """Save the answers at the review step, then Submit for grading; where that leads."""
        reviewed = self.post(attempt + "/review", form)
        if not reviewed.endswith("/review"):
            return reviewed  # submitted already: the result
        token = REVIEW_TOKEN_PATTERN.search(self.get(reviewed))
        if token is None:
            raise UnexpectedResponse(f"no Submit for grading on the review of {attempt}")
        return self.post(attempt, {"review_token": [token.group(1)]})

    def right_answers(self, attempt_id: int) -> dict[str, list[str]]:
        """The correct answers to the attempt's questions, as shown (its layout from the DB)."""
        with reading(self.engine) as session:
            attempt = session.get(QuizAttempt, attempt_id)
            assert attempt is not None
            quiz = self.course.quiz(attempt.quiz_id)
            assert quiz is not None
            return right_form(quiz, attempt)

    def post(self, path: str, form: dict[str, list[str]] | None = None) -> str:
        """Submit a form (with the CSRF token); expect a redirect and return where to."""
        data = dict(form or {}, csrf_token=[self.learner.csrf])
        response = self.client.post(path, data=data)
        self._expect(response, 302)
        return response.headers["location"]

    def get(self, path: str) -> str:
        """Load a page; expect 200."""
        response = self.client.get(path)
        self._expect(response, 200)
        return response.text

    def _expect(self, response: httpx.Response, status: int) -> None:
        """Count the request; raise when its status is not ``status``."""
        self.requests += 1
        if response.status_code != status:
            raise UnexpectedResponse(
                f"{response.request.method} {response.request.url.path}: "
                f"{response.status_code} (expected {status})"
            )


@dataclass
class Run:
    """What a load run did: every learner's walker, and how long it took."""

    walkers: list[Walker]
    seconds: float

    @property
    def requests(self) -> int:
        """HTTP requests made."""
        return sum(walker.requests for walker in self.walkers)

    @property
    def errors(self) -> list[str]:
        """Every unexpected status or broken connection."""
        return [error for walker in self.walkers for error in walker.errors]


def run_learners(
    base_url: str,
    learners: list[Learner],
    course: Course,
    engine: Engine,
    *,
    threads: int,
    seconds: float,
    finishers: int = 0,
    until: threading.Event | None = None,
) -> Run:
    """``threads`` concurrent browsers take learners in turn for ``seconds``.

    The first learner of each of the first ``finishers`` threads completes the course even
    past the deadline, so some certificates are always issued. With ``until``, they go on
    past ``seconds`` until that event is set (a test that needs writes at a moment it chooses).
    """
    waiting: queue.Queue[Learner] = queue.Queue()
    for learner in learners:
        waiting.put(learner)
    walkers: list[Walker] = []
    start = time.monotonic()
    deadline = start + seconds

    def expired() -> bool:
        if until is not None:
            return until.is_set()
        return time.monotonic() > deadline

    def browse(index: int) -> None:
        finish = index < finishers
        while not expired() or finish:
            try:
                learner = waiting.get_nowait()
            except queue.Empty:
                return
            walker = Walker(base_url, learner, course, engine, random.Random(learner.user_id))
            walkers.append(walker)
            walker.walk(expired, finish)
            finish = False

    pool = [threading.Thread(target=browse, args=(index,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return Run(walkers, time.monotonic() - start)
