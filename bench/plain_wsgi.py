"""The framework's floor: a plain Flask app (no extensions, no hooks) serving the same bytes."""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
_body = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()


@app.get("/_bench/floor")
def bench_floor() -> Response:
    """The bytes of a lesson page, with nothing behind them."""
    return Response(_body, mimetype="text/html")
