"""Pages for residents. No login, no account."""

from flask import Blueprint

bp = Blueprint("resident", __name__)

from portal.resident import (  # noqa: E402,F401  (routes register on import)
    advice_views,
    assist_views,
    checkin_views,
    home_views,
    letter_views,
    municipality_views,
    referral_views,
    selftest_views,
    signup_views,
    survey_views,
)
