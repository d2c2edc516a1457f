"""Unbound extensions: imported anywhere, bound to an app in ``create_app``."""

from __future__ import annotations

import logging
import uuid

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

from course_engine.database import Model
from course_engine.migrations_sqlite import Migrations
from course_engine.queue import TaskQueue

#: ``db.session`` is a plain SQLAlchemy ``Session`` for the current app context.
db = SQLAlchemy(session_options={"expire_on_commit": False})
#: ``flask db upgrade`` and friends; the ``db`` command group is ours (course_engine.cli).
#: Flask-Alembic, with SQLite's foreign keys off while migrations run (see migrations_sqlite).
alembic = Migrations(run_mkdir=False, command_name="", metadatas=Model.metadata)
alembic.rev_id = lambda: uuid.uuid4().hex[-12:]  # type: ignore[method-assign]  # Alembic's style
login_manager = LoginManager()
#: Interface translations and locale formats; the locale selector is course_engine.i18n's.
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
#: The Huey task queue (SQLite or Redis storage from QUEUE_URL); tasks live in *_tasks.py.
queue = TaskQueue()

# Flask-Alembic turns Alembic's logger up to INFO; keep library chatter off ordinary commands.
logging.getLogger("alembic").setLevel(logging.WARNING)
