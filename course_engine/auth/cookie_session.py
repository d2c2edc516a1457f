"""Flask's signed-cookie session, decoded only when a request reads it.

Flask checks the session cookie's signature and parses it at the start of every request, and
re-signs it at the end when anything touched it. Most requests for static pages, health checks
and verification pages never read it. ``LazySession`` holds the cookie's text until the first
read or write; a session never read is never re-signed and sets no cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

#: Every dict method that reads or writes the contents (they all decode the cookie first).
_DICT_METHODS = (
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__iter__",
    "__len__",
    "__eq__",
    "__ne__",
    "__repr__",
    "__reversed__",
    "__or__",
    "__ior__",
    "get",
    "keys",
    "values",
    "items",
    "copy",
    "setdefault",
    "pop",
    "popitem",
    "clear",
    "update",
)


class LazySession(SecureCookieSession):
    """A cookie session whose contents are decoded on first use."""

    def __init__(self, load: Callable[[], dict[str, Any]] | None = None) -> None:
        self._pending: Callable[[], dict[str, Any]] | None = None
        super().__init__()
        self._pending = load

    @property
    def loaded(self) -> bool:
        """True once the contents were decoded (or there was no cookie to decode)."""
        return self._pending is None

    def _materialize(self) -> None:
        load, self._pending = self._pending, None
        if load is not None:
            dict.update(self, load())  # the cookie's contents: neither modified nor accessed


def _decoding(name: str) -> Callable[..., Any]:
    method = getattr(SecureCookieSession, name)

    def wrapper(self: LazySession, *args: Any, **kwargs: Any) -> Any:
        if self._pending is not None:
            self._materialize()
        return method(self, *args, **kwargs)

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


for _name in _DICT_METHODS:
    setattr(LazySession, _name, _decoding(_name))
LazySession.__hash__ = None  # a dict: unhashable


class LazyCookieSessionInterface(SecureCookieSessionInterface):
    """Signed-cookie sessions that are decoded on first read and saved only if read."""

    session_class = LazySession  # type: ignore[assignment]  # unhashable, as a dict is

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per secret key instead of on every request."""
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        key = (app.secret_key, fallbacks)
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            if serializer is None:
                return None
            self._serializers = {key: serializer}
        return serializer

    def open_session(self, app: Flask, request: Request) -> LazySession | None:
        """A session that decodes the request's cookie when first used."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return LazySession()
        max_age = int(app.permanent_session_lifetime.total_seconds())

        def load() -> dict[str, Any]:
            try:
                return dict(serializer.loads(value, max_age=max_age))
            except BadSignature:
                return {}

        return LazySession(load)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        """Flask's save, unless the request never read the session (then nothing changed)."""
        if isinstance(session, LazySession) and not session.loaded:
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Use lazily decoded cookie sessions."""
    app.session_interface = LazyCookieSessionInterface()
