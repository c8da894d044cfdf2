"""The workspace for the municipality's staff: login, queue, cases, assisted sign-up, monitoring, audit log."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/werkplek")

from portal.staff import (  # noqa: E402,F401  (routes register on import)
    advice_views,
    aftercare_views,
    assist_views,
    audit_views,
    auth_views,
    case_views,
    council_report_views,
    early_warning_import_views,
    early_warning_outreach_views,
    early_warning_views,
    handover_views,
    letter_views,
    monitoring_views,
    queue_views,
    survey_views,
    two_factor_views,
)
