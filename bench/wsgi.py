"""The app under benchmark, plus a bare route serving pre-rendered HTML (the framework's floor)."""

import os
from pathlib import Path

from flask import Response

from course_engine import create_app

app = create_app()

_floor_file = os.environ.get("BENCH_FLOOR_FILE")
if _floor_file:
    _floor_body = Path(_floor_file).read_bytes()

    @app.get("/_bench/floor")
    def bench_floor() -> Response:
        """The same number of bytes as a lesson page, with no work behind them."""
        return Response(_floor_body, mimetype="text/html")
