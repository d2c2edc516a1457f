"""The package's default settings, read from the environment.

Pick a class with ``COURSE_ENGINE_CONFIG`` (development, testing, production) or pass one to
``create_app``. Every value can be overridden by an environment variable of the same name. Paths
left unset (instance folder, content root, database, outbox, keys) are relative to the current
directory; the repository's own ``config.py`` anchors them to the checkout.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str] | None:
    """Read a comma-separated environment variable (None when unset or empty)."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or None


def _env_int(name: str, default: int) -> int:
    """Read a whole-number environment variable."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    #: The site's public address (https://learn.example.org): every emailed link, certificate
    #: verify URL and QR code is built from it, never from the request's Host header. Required
    #: in production. CERTIFICATE_BASE_URL, its former name, is still read.
    BASE_URL: str | None = (
        os.environ.get("BASE_URL") or os.environ.get("CERTIFICATE_BASE_URL") or None
    )
    #: Host names requests may carry (comma-separated); others get 400. None accepts any host;
    #: production defaults to BASE_URL's host alone.
    TRUSTED_HOSTS: list[str] | None = _env_list("TRUSTED_HOSTS")
    #: Refuse to start without BASE_URL (production).
    REQUIRE_BASE_URL: bool = False
    #: Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host the app
    #: trusts (werkzeug's ProxyFix); 0 (off) unless the app is only reachable through them.
    PROXY_FIX: int = _env_int("PROXY_FIX", 0)
    #: Seconds of Strict-Transport-Security sent when BASE_URL is https (0: none).
    HSTS_SECONDS: int = _env_int("HSTS_SECONDS", 0)
    #: Largest request body accepted, in bytes (413 above it); forms are small.
    MAX_CONTENT_LENGTH: int = _env_int("MAX_CONTENT_LENGTH", 1024 * 1024)
    #: Largest urlencoded form body / number of form fields werkzeug parses.
    MAX_FORM_MEMORY_SIZE: int = _env_int("MAX_FORM_MEMORY_SIZE", 256 * 1024)
    MAX_FORM_PARTS: int = _env_int("MAX_FORM_PARTS", 200)
    #: The name shown in the header and page titles.
    SITE_NAME: str = os.environ.get("SITE_NAME", "HEART Collective Learning")
    #: Address the help and accessibility pages give learners (empty: none published yet).
    SUPPORT_EMAIL: str = os.environ.get("SUPPORT_EMAIL", "")
    #: IANA time zone of report date filters, export file names and displayed times.
    SITE_TIMEZONE: str = os.environ.get("SITE_TIMEZONE", "America/New_York")
    #: Where the SQLite file, the mail outbox and reload stamps live (default: ./instance).
    INSTANCE_PATH: str | None = os.environ.get("INSTANCE_PATH") or None
    #: Default: a SQLite file in the instance folder.
    DATABASE_URL: str | None = os.environ.get("DATABASE_URL") or None
    #: Seconds a SQLite writer waits for the lock before giving up.
    SQLITE_BUSY_TIMEOUT: int = _env_int("SQLITE_BUSY_TIMEOUT", 30)

    #: The folder that holds modules/, quizzes/ and certificates/ (default: the current one).
    CONTENT_ROOT: str = os.environ.get("CONTENT_ROOT", ".")
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

    #: Where limit counters live: "database://" (the app's own database, shared by every worker
    #: and instance using it), redis://host:6379/0 for many instances, or memory:// (tests).
    RATELIMIT_STORAGE_URI: str = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
    #: Count in this process while the shared store is unreachable (logged, shown on /healthz).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED: bool = True
    RATELIMIT_ENABLED: bool = _env_bool("RATELIMIT_ENABLED", True)
    #: Prefix of the rate-limit keys (instances sharing counters must share it).
    RATELIMIT_KEY_PREFIX: str = os.environ.get("RATELIMIT_KEY_PREFIX", "course_engine")
    RATELIMIT_HEADERS_ENABLED: bool = True
    #: Login attempts per client address (every attempt counts before the password is checked;
    #: a successful one is given back). Also limits reset requests per address.
    LOGIN_RATE_LIMIT: str = os.environ.get("LOGIN_RATE_LIMIT", "10 per 15 minutes")
    #: Login attempts on one account from one address: what one address can spend of it.
    LOGIN_ACCOUNT_ADDRESS_LIMIT: str = os.environ.get("LOGIN_ACCOUNT_ADDRESS_LIMIT", "20 per day")
    #: Login attempts on one account from all addresses together (NIST: at most 100 in a row);
    #: cleared by a successful login or a password reset.
    LOGIN_ACCOUNT_LIMIT: str = os.environ.get("LOGIN_ACCOUNT_LIMIT", "100 per day")

    #: open, invite (invite code only) or domain (email-domain allow-list).
    REGISTRATION_MODE: str = os.environ.get("REGISTRATION_MODE", "open")
    REGISTRATION_DOMAINS: tuple[str, ...] = tuple(
        domain.strip().lower()
        for domain in os.environ.get("REGISTRATION_DOMAINS", "").split(",")
        if domain.strip()
    )

    #: OpenID providers learners may sign in with: a list of mappings, or that list as JSON in
    #: the environment (see docs/administration.md and course_engine/auth/sso/providers.py).
    OIDC_PROVIDERS: str | list[dict[str, object]] = os.environ.get("OIDC_PROVIDERS", "")

    #: The LTI tool's signing keys, one PEM file each (default: <instance>/lti-keys).
    LTI_KEY_DIR: str | None = os.environ.get("LTI_KEY_DIR") or None
    #: Refuse LTI requests until `flask lti create-key` made a key (else one is made on first use).
    LTI_KEY_REQUIRED: bool = False
    #: Tries to send one score to an LMS gradebook before it shows as failed to administrators,
    #: the first retry's delay in seconds (doubling each time), and one try's hold on it.
    LTI_SCORE_MAX_ATTEMPTS: int = _env_int("LTI_SCORE_MAX_ATTEMPTS", 8)
    LTI_SCORE_RETRY_DELAY: int = _env_int("LTI_SCORE_RETRY_DELAY", 60)
    LTI_SCORE_LEASE_SECONDS: int = _env_int("LTI_SCORE_LEASE_SECONDS", 120)

    MAIL_SERVER: str | None = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT: int = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS: bool = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME: str | None = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD: str | None = os.environ.get("MAIL_PASSWORD") or None
    MAIL_SENDER: str = os.environ.get("MAIL_SENDER", "HEART course <no-reply@localhost>")
    #: Where mail goes as .eml files when MAIL_SERVER is unset (default: instance/outbox).
    MAIL_OUTBOX: str | None = os.environ.get("MAIL_OUTBOX") or None
    PASSWORD_RESET_MAX_AGE: int = _env_int("PASSWORD_RESET_MAX_AGE", 3600)
    #: Seconds a registration's confirmation link works (a day).
    REGISTRATION_LINK_MAX_AGE: int = _env_int("REGISTRATION_LINK_MAX_AGE", 86400)
    #: Times the worker tries to send one email before it shows on the failed-mail page.
    MAIL_MAX_ATTEMPTS: int = _env_int("MAIL_MAX_ATTEMPTS", 5)
    #: Seconds before the first retry of an email; each later retry waits twice as long.
    MAIL_RETRY_DELAY: int = _env_int("MAIL_RETRY_DELAY", 30)
    #: Seconds a worker holds an email it is sending; after that another worker may take it
    #: (a worker killed mid-send loses no mail). Longer than an SMTP conversation can take.
    MAIL_LEASE_SECONDS: int = _env_int("MAIL_LEASE_SECONDS", 300)

    #: The task queue: sqlite:///path (one machine, no server; the default) or redis://host/db
    #: (several instances share one queue). Workers run with `flask worker`.
    #: Default: instance/queue.sqlite3.
    QUEUE_URL: str | None = os.environ.get("QUEUE_URL") or None
    #: Name of the queue inside its storage (sites sharing one Redis database need their own).
    QUEUE_NAME: str = os.environ.get("QUEUE_NAME", "course_engine")
    #: Seconds without a worker heartbeat before /healthz reports the worker as not running.
    WORKER_HEARTBEAT_MAX_AGE: int = _env_int("WORKER_HEARTBEAT_MAX_AGE", 180)

    #: Days without activity before an enrolled learner gets a reminder to go on.
    REMINDER_INACTIVE_DAYS: int = _env_int("REMINDER_INACTIVE_DAYS", 7)
    #: Reminders one enrolment gets at most (each after REMINDER_INACTIVE_DAYS more days).
    REMINDER_MAX_COUNT: int = _env_int("REMINDER_MAX_COUNT", 2)
    #: Days before a certificate expires that its holder gets one notice on how to renew.
    CERTIFICATE_EXPIRY_NOTICE_DAYS: int = _env_int("CERTIFICATE_EXPIRY_NOTICE_DAYS", 30)

    #: Hours a finished export (certificate ZIP, ...) can be downloaded before it is deleted.
    EXPORT_KEEP_HOURS: int = _env_int("EXPORT_KEEP_HOURS", 24)
    #: Seconds a worker holds an export between progress reports (then another may restart it).
    EXPORT_LEASE_SECONDS: int = _env_int("EXPORT_LEASE_SECONDS", 300)
    #: Processes one export job draws certificate PDFs with.
    EXPORT_PDF_PROCESSES: int = _env_int("EXPORT_PDF_PROCESSES", 1)
    #: A completion report (CSV or XLSX) of more rows than this is built by a worker as a job.
    EXPORT_JOB_ROWS: int = _env_int("EXPORT_JOB_ROWS", 5000)

    #: Public verification requests allowed per client address.
    VERIFY_RATE_LIMIT: str = os.environ.get("VERIFY_RATE_LIMIT", "60 per minute")
    #: First part of certificate serial numbers (HEART-2026-000123).
    CERTIFICATE_SERIAL_PREFIX: str = os.environ.get("CERTIFICATE_SERIAL_PREFIX", "HEART")

    #: Folder of the Ed25519 keys that sign Open Badges credentials (outside the repository;
    #: back it up). `flask credentials create-key` makes the first key and rotates it.
    #: Default: instance/credential-keys.
    CREDENTIALS_KEY_DIR: str | None = os.environ.get("CREDENTIALS_KEY_DIR") or None
    #: Refuse to start without a key (production) instead of making one on first use.
    CREDENTIALS_KEY_REQUIRED: bool = _env_bool("CREDENTIALS_KEY_REQUIRED", False)

    #: Refuse to start when content has errors (production) instead of serving an error page.
    CONTENT_STRICT: bool = False


class DevelopmentConfig(Config):
    """Local development: auto-reloading content, a throwaway secret key."""

    SECRET_KEY = Config.SECRET_KEY or "dev-only-not-secret"
    BASE_URL = Config.BASE_URL or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
    CONTENT_AUTO_RELOAD = _env_bool("CONTENT_AUTO_RELOAD", True)


class TestingConfig(Config):
    """The test suite: a separate database, CSRF kept on (tests send tokens)."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105  # nosec B105 - the test suite's own key
    BASE_URL = "http://localhost"
    TRUSTED_HOSTS = None
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    #: Tasks run in the test process as they are enqueued (worker tests start real workers).
    QUEUE_URL = os.environ.get("TEST_QUEUE_URL", "memory://")


class ProductionConfig(Config):
    """Production: secret key required, secure cookies, strict content."""

    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    CONTENT_STRICT = True
    REQUIRE_BASE_URL = True
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 365 * 24 * 3600)
    CREDENTIALS_KEY_REQUIRED = _env_bool("CREDENTIALS_KEY_REQUIRED", True)
    LTI_KEY_REQUIRED = _env_bool("LTI_KEY_REQUIRED", True)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env(configs: Mapping[str, type[Config]] = CONFIGS) -> type[Config]:
    """The settings class named by COURSE_ENGINE_CONFIG (default: development)."""
    name = os.environ.get("COURSE_ENGINE_CONFIG", "development").strip().lower()
    try:
        return configs[name]
    except KeyError:
        raise RuntimeError(
            f"COURSE_ENGINE_CONFIG={name!r} is not one of {', '.join(configs)}"
        ) from None
