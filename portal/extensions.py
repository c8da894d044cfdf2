"""Extensions created unbound, bound to an app in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter

from portal.csrf_masking import MaskedCSRFProtect
from portal.rate_limit import client_key

csrf = MaskedCSRFProtect()  # tokens masked per page, so pages may be compressed
babel = Babel()
# Counted under a daily keyed hash of the address (portal/rate_limit.py): the address itself is never stored.
limiter = Limiter(key_func=client_key, default_limits=[], strategy="fixed-window")
