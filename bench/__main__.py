"""Run every benchmark in turn: ``python -m bench`` (``make bench``).

Each prints its own figures and its ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time

BENCHMARKS = [
    ("1. Lesson page vs the framework's floor", "bench.lesson_page"),
    ("2. Mixed load, SQLite and PostgreSQL", "bench.mixed_load"),
    ("3. Content compile", "bench.content_compile"),
    ("4. Certificates", "bench.certificates"),
    ("5. Exports", "bench.exports"),
    ("6. Mail and jobs through the queue", "bench.jobs"),
    ("7. Same answer for every address (reset, registration)", "bench.account_answers"),
]


def main() -> int:
    """Run each benchmark in its own process; report which failed."""
    print(
        f"Machine: {platform.node()} {platform.machine()}, Python {platform.python_version()}, "
        f"{_cpus()} CPUs"
    )
    failed = []
    for title, module in BENCHMARKS:
        print(f"\n== {title} ==", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", module], check=False)
        print(f"   ({module}: {time.monotonic() - started:.0f} s)")
        if result.returncode:
            failed.append(module)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


def _cpus() -> int:
    """Logical CPUs."""
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
