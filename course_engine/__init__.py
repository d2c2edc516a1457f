"""course_engine: a self-paced online course engine."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from course_engine import input_bounds, urls
from course_engine.settings import Config, config_from_env


def create_app(config: type[Config] | Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, content, blueprints, commands."""
    app = Flask(__name__, instance_relative_config=False)
    load_settings(app, config)
    configure_logging(app)
    register_extensions(app)
    register_content(app)
    register_certificates(app)
    register_credentials(app)
    register_blueprints(app)
    register_security(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_tasks(app)
    return app


def load_settings(app: Flask, config: type[Config] | Mapping[str, Any] | None) -> None:
    """Settings from a Config class (default: COURSE_ENGINE_CONFIG) or a test mapping."""
    if config is None or isinstance(config, Mapping):
        app.config.from_object(config_from_env())
        if isinstance(config, Mapping):
            app.config.update(config)
    else:
        app.config.from_object(config)
    resolve_paths(app)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: refusing to start without one.")
    urls.init_app(app)
    input_bounds.init_app(app)  # bounds <int:...> before any blueprint adds its rules


def resolve_paths(app: Flask) -> None:
    """Unset paths default to the current folder; the database settings follow DATABASE_URL."""
    from course_engine.database import database_settings

    config = app.config
    app.instance_path = os.path.abspath(config.get("INSTANCE_PATH") or "instance")
    config["INSTANCE_PATH"] = app.instance_path
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the SQLite file lives here
    config["CONTENT_ROOT"] = os.path.abspath(config.get("CONTENT_ROOT") or ".")
    config["MAIL_OUTBOX"] = config.get("MAIL_OUTBOX") or os.path.join(app.instance_path, "outbox")
    config["CREDENTIALS_KEY_DIR"] = config.get("CREDENTIALS_KEY_DIR") or os.path.join(
        app.instance_path, "credential-keys"
    )
    if not config.get("QUEUE_URL"):
        config["QUEUE_URL"] = f"sqlite:///{Path(app.instance_path, 'queue.sqlite3')}"
    if not config.get("DATABASE_URL"):
        database = Path(app.instance_path, "course_engine.sqlite3")
        config["DATABASE_URL"] = f"sqlite:///{database}"
    for key, value in database_settings(
        config["DATABASE_URL"], config["SQLITE_BUSY_TIMEOUT"]
    ).items():
        config.setdefault(key, value)


def configure_logging(app: Flask) -> None:
    """Log to stderr at INFO unless debugging; libraries' INFO chatter (Alembic's) stays off."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def register_extensions(app: Flask) -> None:
    """Bind the database and migrations, task queue, login manager, CSRF and rate limiter."""
    from course_engine import database, i18n, limit_hooks, lti
    from course_engine.auth import cookie_session, sso
    from course_engine.auth import login as auth_login
    from course_engine.extensions import csrf, limiter, login_manager, queue

    database.init_app(app)
    queue.init_app(app)
    csrf.init_app(app)
    configure_limit_store(app)
    limiter.init_app(app)
    limit_hooks.init_app(app, limiter)
    cookie_session.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    auth_login.init_app(app)
    sso.init_app(app)
    lti.init_app(app)


def configure_limit_store(app: Flask) -> None:
    """``database://`` counts in the app's own database (registered with `limits` on import)."""
    from course_engine import ratelimit_store  # noqa: F401 - registers the database:// scheme

    if app.config.get("RATELIMIT_STORAGE_URI", "").startswith("database://"):
        options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault("database_url", app.config["DATABASE_URL"])
        options.setdefault("busy_timeout", app.config.get("SQLITE_BUSY_TIMEOUT", 30))
        app.config["RATELIMIT_STORAGE_OPTIONS"] = options


def register_content(app: Flask) -> None:
    """Load the course files (refusing to start on errors in production)."""
    from course_engine import live_content

    live_content.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register every blueprint explicitly."""
    from course_engine.admin.audit_views import blueprint as admin_audit
    from course_engine.admin.certificate_views import blueprint as admin_certificates
    from course_engine.admin.cohort_views import blueprint as admin_cohorts
    from course_engine.admin.content_views import blueprint as admin_content
    from course_engine.admin.export_views import blueprint as admin_exports
    from course_engine.admin.home_views import blueprint as admin
    from course_engine.admin.invite_views import blueprint as admin_invites
    from course_engine.admin.learner_views import blueprint as admin_learners
    from course_engine.admin.lti_views import blueprint as admin_lti
    from course_engine.admin.mail_views import blueprint as admin_mail
    from course_engine.admin.organization_views import blueprint as admin_organizations
    from course_engine.auth.email_preference_views import blueprint as email_preferences
    from course_engine.auth.sso.views import blueprint as sso
    from course_engine.auth.views import blueprint as auth
    from course_engine.certificates.views import blueprint as certificates
    from course_engine.credentials.views import blueprint as credentials
    from course_engine.handouts.views import blueprint as handouts
    from course_engine.health_views import blueprint as health
    from course_engine.learn.quiz_views import blueprint as quiz
    from course_engine.learn.views import blueprint as learn
    from course_engine.lti.placement_views import blueprint as lti_placement
    from course_engine.lti.views import blueprint as lti
    from course_engine.reports.course_views import blueprint as course_reports
    from course_engine.reports.learner_views import blueprint as transcript
    from course_engine.reports.views import blueprint as reports
    from course_engine.support_views import blueprint as support

    app.register_blueprint(learn)
    app.register_blueprint(auth)
    app.register_blueprint(sso)
    app.register_blueprint(lti)
    app.register_blueprint(lti_placement)
    app.register_blueprint(email_preferences)
    app.register_blueprint(quiz)
    app.register_blueprint(admin)
    app.register_blueprint(admin_learners)
    app.register_blueprint(admin_certificates)
    app.register_blueprint(admin_organizations)
    app.register_blueprint(admin_cohorts)
    app.register_blueprint(admin_invites)
    app.register_blueprint(admin_audit)
    app.register_blueprint(admin_mail)
    app.register_blueprint(admin_lti)
    app.register_blueprint(admin_exports)
    app.register_blueprint(admin_content)
    app.register_blueprint(certificates)
    app.register_blueprint(credentials)
    app.register_blueprint(reports)
    app.register_blueprint(course_reports)
    app.register_blueprint(transcript)
    app.register_blueprint(health)
    app.register_blueprint(support)
    app.register_blueprint(handouts)


def register_security(app: Flask) -> None:
    """Security headers on every response."""
    from course_engine import security

    security.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    """Plain, accessible error pages."""
    from course_engine import errors

    errors.init_app(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates use."""
    from course_engine import template_helpers

    template_helpers.init_app(app)


def register_certificates(app: Flask) -> None:
    """Issue certificates when a course is complete; ``flask certificates`` commands."""
    from course_engine import certificates

    certificates.init_app(app)


def register_credentials(app: Flask) -> None:
    """Open Badges credentials of certificates: signing key, status lists, commands."""
    from course_engine import credentials

    credentials.init_app(app)


def register_commands(app: Flask) -> None:
    """The ``flask`` commands: db, content, users, reports."""
    from course_engine import cli

    cli.init_app(app)


def register_tasks(app: Flask) -> None:
    """Background tasks (mail after commit, periodic jobs) and the ``flask worker`` command."""
    from course_engine import worker

    worker.init_app(app)
