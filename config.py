"""Settings for course_engine, read from the environment.

Pick a class with ``COURSE_ENGINE_CONFIG`` (development, testing, production) or pass one to
``create_app``. Every value can be overridden by an environment variable of the same name.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    """Read a whole-number environment variable."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    #: The name shown in the header and page titles.
    SITE_NAME: str = os.environ.get("SITE_NAME", "HEART Collective Learning")
    #: Where the SQLite file, the mail outbox and reload stamps live.
    INSTANCE_PATH: str = str(INSTANCE_DIR)
    DATABASE_URL: str = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'course_engine.sqlite3'}"
    )
    #: Seconds a SQLite writer waits for the lock before giving up.
    SQLITE_BUSY_TIMEOUT: int = _env_int("SQLITE_BUSY_TIMEOUT", 30)

    #: The folder that holds modules/, quizzes/ and certificates/.
    CONTENT_ROOT: str = os.environ.get("CONTENT_ROOT", str(BASE_DIR))
    MODULES_DIR: str = os.environ.get("MODULES_DIR", "modules")
    QUIZZES_DIR: str = os.environ.get("QUIZZES_DIR", "quizzes")
    CERTIFICATES_DIR: str = os.environ.get("CERTIFICATES_DIR", "certificates")
    #: Re-read content files that changed before each request (development).
    CONTENT_AUTO_RELOAD: bool = _env_bool("CONTENT_AUTO_RELOAD", False)

    WTF_CSRF_ENABLED: bool = True
    WTF_CSRF_TIME_LIMIT: int | None = None
    SESSION_COOKIE_HTTPONLY: bool = True
    SESSION_COOKIE_SAMESITE: str = "Lax"
    SESSION_COOKIE_SECURE: bool = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY: bool = True
    REMEMBER_COOKIE_SAMESITE: str = "Lax"
    REMEMBER_COOKIE_SECURE: bool = _env_bool("SESSION_COOKIE_SECURE", False)

    RATELIMIT_STORAGE_URI: str = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED: bool = _env_bool("RATELIMIT_ENABLED", True)
    #: Prefix of the rate-limit keys (instances sharing counters must share it).
    RATELIMIT_KEY_PREFIX: str = os.environ.get("RATELIMIT_KEY_PREFIX", "course_engine")
    RATELIMIT_HEADERS_ENABLED: bool = True
    #: Failed logins allowed per account and per address before 429.
    LOGIN_RATE_LIMIT: str = os.environ.get("LOGIN_RATE_LIMIT", "10 per 15 minutes")

    #: open, invite (invite code only) or domain (email-domain allow-list).
    REGISTRATION_MODE: str = os.environ.get("REGISTRATION_MODE", "open")
    REGISTRATION_DOMAINS: tuple[str, ...] = tuple(
        domain.strip().lower()
        for domain in os.environ.get("REGISTRATION_DOMAINS", "").split(",")
        if domain.strip()
    )

    MAIL_SERVER: str | None = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT: int = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS: bool = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME: str | None = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD: str | None = os.environ.get("MAIL_PASSWORD") or None
    MAIL_SENDER: str = os.environ.get("MAIL_SENDER", "HEART course <no-reply@localhost>")
    MAIL_OUTBOX: str = os.environ.get("MAIL_OUTBOX", str(INSTANCE_DIR / "outbox"))
    PASSWORD_RESET_MAX_AGE: int = _env_int("PASSWORD_RESET_MAX_AGE", 3600)

    #: Public verification requests allowed per client address.
    VERIFY_RATE_LIMIT: str = os.environ.get("VERIFY_RATE_LIMIT", "60 per minute")
    #: First part of certificate serial numbers (HEART-2026-000123).
    CERTIFICATE_SERIAL_PREFIX: str = os.environ.get("CERTIFICATE_SERIAL_PREFIX", "HEART")
    #: Public base URL printed on certificates (e.g. https://learn.example.org); required in
    #: production so every instance prints the same verification link.
    CERTIFICATE_BASE_URL: str | None = os.environ.get("CERTIFICATE_BASE_URL") or None

    #: Refuse to start when content has errors (production) instead of serving an error page.
    CONTENT_STRICT: bool = False


class DevelopmentConfig(Config):
    """Local development: auto-reloading content, a throwaway secret key."""

    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"
    CONTENT_AUTO_RELOAD = _env_bool("CONTENT_AUTO_RELOAD", True)


class TestingConfig(Config):
    """The test suite: a separate database, CSRF kept on (tests send tokens)."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105 - the test suite's own key
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX", str(INSTANCE_DIR / "test-outbox"))


class ProductionConfig(Config):
    """Production: secret key required, secure cookies, strict content."""

    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    CONTENT_STRICT = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The settings class named by COURSE_ENGINE_CONFIG (default: development)."""
    name = os.environ.get("COURSE_ENGINE_CONFIG", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"COURSE_ENGINE_CONFIG={name!r} is not one of {', '.join(CONFIGS)}"
        ) from None
