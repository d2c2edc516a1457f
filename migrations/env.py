"""Alembic environment: runs on the connection course_engine hands it."""

from alembic import context

import course_engine.models  # noqa: F401  (registers every table on the metadata)
from course_engine.database import Model
from course_engine.models.types import UTCDateTime


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our UTC timestamp type as a plain timezone-aware DateTime in migrations."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with `flask db upgrade`, which supplies the connection.")

context.configure(
    connection=connection,
    target_metadata=Model.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
