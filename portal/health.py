"""Files for machines: liveness for the load balancer (200 when the database answers, 503 when not),
security.txt, robots.txt and the site icon."""

from datetime import timedelta

from flask import Blueprint, Response, current_app, jsonify, send_from_directory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.config import PLACEHOLDER_SECURITY_CONTACT
from portal.db import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        with current_app.extensions["db_engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("healthz: database not reachable")
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200


@bp.get("/.well-known/security.txt")
def security_txt():
    """RFC 9116: where to report a vulnerability. The contact comes from the deployment's settings."""
    # Production does not start without a real contact (portal/config.py); elsewhere a placeholder will do.
    contact = current_app.config.get("SECURITY_CONTACT") or PLACEHOLDER_SECURITY_CONTACT
    expires = (utcnow() + timedelta(days=180)).strftime("%Y-%m-%dT00:00:00Z")
    body = f"Contact: {contact}\nExpires: {expires}\nPreferred-Languages: nl, en\n"
    return Response(body, mimetype="text/plain")


# Search engines may list the public pages; never the staff workspace or a page behind a personal link (a token in
# the URL: a referral, a letter's link, a resume link for a sign-up).
ROBOTS_DISALLOWED = ("/werkplek/", "/via/t/", "/b/", "/aanmelden/verder/", "/vraag-ophalen/")
ICON_MAX_AGE = 365 * 24 * 3600


@bp.get("/robots.txt")
def robots_txt():
    body = "User-agent: *\n" + "".join(f"Disallow: {path}\n" for path in ROBOTS_DISALLOWED)
    return Response(body, mimetype="text/plain")


@bp.get("/favicon.ico")
def favicon():
    """A 176-byte icon, cached for a year (public): no 404 page on every first visit."""
    response = send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/x-icon",
                                   max_age=ICON_MAX_AGE)
    response.cache_control.public = True
    return response
