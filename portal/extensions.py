"""Extensions created unbound, bound to an app in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter

from portal.csrf_masking import MaskedCSRFProtect
from portal.rate_limit import client_key, posts_only

csrf = MaskedCSRFProtect()  # tokens masked per page, so pages may be compressed
babel = Babel()
# Counted under a daily keyed hash of the address (portal/rate_limit.py): the address itself is never stored.
limiter = Limiter(key_func=client_key, default_limits=[], strategy="fixed-window")


def post_limit(value: str):
    """`@limiter.limit(value, methods=["POST"])` for a route that also shows its form on GET, without the GET cost."""
    return posts_only(limiter.limit(value, methods=["POST"]))
