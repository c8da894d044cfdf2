"""Application factory for the debt-help portal."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from portal import (
    blind_index,
    db,
    encryption,
    errors,
    i18n,
    labels,
    passwords,
    questionnaire_extension,
    rate_limit,
    security,
    templating,
    uploads,
)
from portal.config import build_config
from portal.extensions import babel, csrf, limiter
from portal.session_cookie import SignedCookieSessions


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or None,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_mapping(build_config(Path(app.instance_path), config))
    app.session_interface = SignedCookieSessions()

    encryption.configure(app.config["DATA_ENCRYPTION_KEYS"])
    blind_index.configure(app.config["BLIND_INDEX_KEYS"])
    passwords.configure(app.config["PASSWORD_HASH_PROFILE"])
    db.init_app(app)
    uploads.init_app(app)  # before CSRF reads a form
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    labels.init_app(app)
    questionnaire_extension.init_app(app)

    from portal import cli, health, notify_callbacks
    from portal.resident import bp as resident_bp
    from portal.services import search_index
    from portal.staff import access as staff_access
    from portal.staff import bp as staff_bp
    from portal.staff import template_helpers as staff_templates

    search_index.listen(app.extensions["db_sessionmaker"])  # a case's search index is written with the case
    app.register_blueprint(health.bp)
    app.register_blueprint(resident_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(notify_callbacks.bp)  # Notify's delivery receipts
    if app.config["PORTAL_ENV"] != "production":
        from portal.dev import bp as dev_bp

        app.register_blueprint(dev_bp)  # what would have been sent; production has no such page
    staff_access.init_app(app)
    staff_templates.init_app(app)
    cli.init_app(app)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    rate_limit.skip_the_per_request_check_when_idle(app, limiter)  # last: every blueprint and its limits are known
    return app
