"""Settings for this checkout: the package's defaults with paths anchored to this folder.

Pick a class with ``COURSE_ENGINE_CONFIG`` (development, testing, production); every value can be
overridden by an environment variable of the same name (see ``course_engine/settings.py`` for the
full list). ``run.py`` builds the app from here.
"""

from __future__ import annotations

import os
from pathlib import Path

from course_engine import settings

BASE_DIR = Path(__file__).resolve().parent


class Config(settings.Config):
    """This checkout: the bundled HEART course, the instance folder beside it."""

    CONTENT_ROOT = os.environ.get("CONTENT_ROOT", str(BASE_DIR))
    INSTANCE_PATH = os.environ.get("INSTANCE_PATH", str(BASE_DIR / "instance"))


class DevelopmentConfig(settings.DevelopmentConfig, Config):
    """Local development (``make run``)."""


class TestingConfig(settings.TestingConfig, Config):
    """The test suite: its own outbox and signing keys beside the development ones."""

    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX", str(BASE_DIR / "instance" / "test-outbox"))
    CREDENTIALS_KEY_DIR = str(BASE_DIR / "instance" / "test-credential-keys")


class ProductionConfig(settings.ProductionConfig, Config):
    """Production (``make serve``)."""


CONFIGS: dict[str, type[settings.Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[settings.Config]:
    """The settings class named by COURSE_ENGINE_CONFIG (default: development)."""
    return settings.config_from_env(CONFIGS)
