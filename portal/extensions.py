"""Extensions created unbound, bound to an app in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
babel = Babel()
# The address is used only in memory (or Redis) to count attempts; it is never written next to anything.
limiter = Limiter(key_func=get_remote_address, default_limits=[], strategy="fixed-window")
