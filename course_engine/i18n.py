"""Interface languages: which one a request is served in, and the switcher that changes it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, has_request_context, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from flask_login import current_user

from course_engine.texts import Text

#: The interface languages, the site's default first.
LANGUAGES: tuple[str, ...] = ("en", "es")
#: Each language's name in that language (the switcher offers the other one in its own words).
NATIVE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}
#: Where an anonymous visitor's choice is kept (the signed-in learner's is on their account).
SESSION_KEY = "locale"

blueprint = Blueprint("language", __name__)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector; add the switcher's view and template values."""
    from course_engine.extensions import babel

    app.config.setdefault("BABEL_DEFAULT_LOCALE", LANGUAGES[0])
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale, timezone_selector=site_zone)
    app.register_blueprint(blueprint)
    app.context_processor(_language_globals)


def select_locale() -> str:
    """The signed-in learner's stored choice, else this browser's choice, else Accept-Language."""
    if not has_request_context():
        return LANGUAGES[0]  # commands and tasks choose with flask_babel.force_locale
    stored = getattr(current_user, "locale", None) if current_user else None
    if stored in LANGUAGES:
        return str(stored)
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return str(chosen)
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def site_zone() -> str:
    """Dates and times are shown in the site's time zone, whatever the language."""
    from flask import current_app

    return str(current_app.config.get("SITE_TIMEZONE") or "UTC")


def current_language() -> str:
    """The language code of the current request ('en' or 'es')."""
    return str(get_locale() or LANGUAGES[0])


def mail_language(user: Any) -> str:
    """The language to write to ``user`` in: their stored choice, else this request's, else
    the default."""
    stored = getattr(user, "locale", None)
    if stored in LANGUAGES:
        return str(stored)
    return current_language() if has_request_context() else LANGUAGES[0]


def cli_language() -> str:
    """The language of command output: the environment's (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG), when it is one of ours, else the default."""
    import os

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code and code not in ("c", "posix"):
                return LANGUAGES[0]
    return LANGUAGES[0]


def say(msgid: str, **values: Any) -> str:
    """A command's message for administrators, in the environment's language."""
    from flask_babel import force_locale

    with force_locale(cli_language()):
        return str(gettext(msgid, **values))


def translate(text: str | BaseException) -> str:
    """A sentence from the code (a Text, a N_-marked string, or an exception carrying one) in
    the request's language."""
    if isinstance(text, BaseException):
        text = text.args[0] if text.args and isinstance(text.args[0], str) else str(text)
    if isinstance(text, Text):
        return str(gettext(text.msgid, **text.values))
    return str(gettext(text)) if text else text


def _language_globals() -> dict[str, Any]:
    language = current_language()
    others = [code for code in LANGUAGES if code != language]
    return {
        "current_language": language,
        "other_languages": [(code, NATIVE_NAMES[code]) for code in others],
    }


@blueprint.post("/language")
def choose() -> ResponseReturnValue:
    """Switch the interface language (kept on the account when signed in); back to the page."""
    from course_engine.auth.login import is_safe_next
    from course_engine.extensions import db

    language = request.form.get("language", "")
    if language in LANGUAGES:
        session[SESSION_KEY] = language
        if current_user.is_authenticated and getattr(current_user, "locale", None) != language:
            current_user.locale = language
            db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_safe_next(target) else "/", 303)
