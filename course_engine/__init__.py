"""course_engine: a self-paced online course engine."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from config import Config, config_from_env


def create_app(config: type[Config] | Mapping[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, content, blueprints, commands."""
    app = Flask(__name__, instance_relative_config=False)
    load_settings(app, config)
    configure_logging(app)
    register_extensions(app)
    register_content(app)
    register_certificates(app)
    register_blueprints(app)
    register_security(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def load_settings(app: Flask, config: type[Config] | Mapping[str, Any] | None) -> None:
    """Settings from a Config class (default: COURSE_ENGINE_CONFIG) or a test mapping."""
    if config is None or isinstance(config, Mapping):
        app.config.from_object(config_from_env())
        if isinstance(config, Mapping):
            app.config.update(config)
    else:
        app.config.from_object(config)
    app.instance_path = app.config["INSTANCE_PATH"]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the SQLite file lives here
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set: refusing to start without one.")


def configure_logging(app: Flask) -> None:
    """Log to stderr at INFO unless debugging."""
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def register_extensions(app: Flask) -> None:
    """Bind the database, login manager, CSRF protection and rate limiter."""
    from course_engine.auth import login as auth_login
    from course_engine.extensions import csrf, db, limiter, login_manager

    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    auth_login.init_app(app)


def register_content(app: Flask) -> None:
    """Load the course files (refusing to start on errors in production)."""
    from course_engine import catalog

    catalog.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register every blueprint explicitly."""
    from course_engine.admin.audit_views import blueprint as admin_audit
    from course_engine.admin.cohorts import blueprint as admin_cohorts
    from course_engine.admin.content_status import blueprint as admin_content
    from course_engine.admin.home import blueprint as admin
    from course_engine.admin.invites import blueprint as admin_invites
    from course_engine.admin.learner_certificates import blueprint as admin_certificates
    from course_engine.admin.learners import blueprint as admin_learners
    from course_engine.admin.organizations import blueprint as admin_organizations
    from course_engine.auth.views import blueprint as auth
    from course_engine.certificates.views import blueprint as certificates
    from course_engine.health import blueprint as health
    from course_engine.learn.quiz_views import blueprint as quiz
    from course_engine.learn.views import blueprint as learn
    from course_engine.reports.course_views import blueprint as course_reports
    from course_engine.reports.learner_views import blueprint as transcript
    from course_engine.reports.views import blueprint as reports

    app.register_blueprint(learn)
    app.register_blueprint(auth)
    app.register_blueprint(quiz)
    app.register_blueprint(admin)
    app.register_blueprint(admin_learners)
    app.register_blueprint(admin_certificates)
    app.register_blueprint(admin_organizations)
    app.register_blueprint(admin_cohorts)
    app.register_blueprint(admin_invites)
    app.register_blueprint(admin_audit)
    app.register_blueprint(admin_content)
    app.register_blueprint(certificates)
    app.register_blueprint(reports)
    app.register_blueprint(course_reports)
    app.register_blueprint(transcript)
    app.register_blueprint(health)


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


def register_commands(app: Flask) -> None:
    """The ``flask`` commands: db, content, users, reports."""
    from course_engine import cli

    cli.init_app(app)
