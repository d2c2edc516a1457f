"""The embedded limit store: atomic counts from many connections at once, windows that restart."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from limits import parse
from limits.strategies import FixedWindowRateLimiter

from course_engine.ratelimit_store import DatabaseStorage

THREADS, HITS_EACH = 8, 25


def test_concurrent_hits_each_get_their_own_count(database_url: str) -> None:
    storage = DatabaseStorage("database://", database_url=database_url)
    key = f"race-{uuid.uuid4().hex}"
    with ThreadPoolExecutor(THREADS) as pool:
        counts = list(pool.map(lambda _: storage.incr(key, 60), range(THREADS * HITS_EACH)))
    assert sorted(counts) == list(range(1, THREADS * HITS_EACH + 1))  # no two saw the same
    assert storage.get(key) == THREADS * HITS_EACH
    storage.engine.dispose()


def test_a_limit_lets_exactly_its_amount_through_under_concurrency(database_url: str) -> None:
    storage = DatabaseStorage("database://", database_url=database_url)
    strategy = FixedWindowRateLimiter(storage)
    limit = parse("10 per 15 minutes")
    who = uuid.uuid4().hex
    with ThreadPoolExecutor(16) as pool:
        allowed = list(pool.map(lambda _: strategy.hit(limit, "login", who), range(120)))
    assert allowed.count(True) == 10
    storage.engine.dispose()


def test_a_window_restarts_after_it_ends_and_clear_forgets_it(database_url: str) -> None:
    storage = DatabaseStorage("database://", database_url=database_url)
    key = f"window-{uuid.uuid4().hex}"
    assert storage.incr(key, 1) == 1 and storage.incr(key, 1) == 2
    assert time.time() < storage.get_expiry(key) <= time.time() + 1
    time.sleep(1.1)
    assert storage.get(key) == 0
    assert storage.incr(key, 1) == 1
    storage.clear(key)
    assert storage.get(key) == 0
    assert storage.check()
    storage.engine.dispose()


def test_an_unreachable_database_fails_the_health_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = DatabaseStorage(
        "database://", database_url=f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}"
    )
    assert storage.check() is False
