"""Where "Snel weg" leads: a neutral page the municipality chose, or a safe default.

The page must not tell anyone where the resident came from or send the visit on: https, a plain host name, no
query string or fragment (where trackers and campaign codes live), no login or port, and no known tracker,
link shortener or redirector.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DEFAULT_QUICK_EXIT_URL = "https://www.buienradar.nl/"
MAX_LENGTH = 200
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Hosts that count, shorten or pass a visit on; a municipality may not send residents there.
NOT_NEUTRAL = ("bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "doubleclick.net", "google-analytics.com",
               "googletagmanager.com", "facebook.com", "fb.com", "l.facebook.com", "t.me", "lnkd.in", "mailchi.mp",
               "list-manage.com", "hubspot.com", "sendgrid.net", "adservice.google.com")


class UnsafeQuickExit(ValueError):
    """The page cannot be a quick exit; the message says why."""


def checked_quick_exit_url(url: str) -> str:
    """The URL as it will be used, or UnsafeQuickExit."""
    if not isinstance(url, str) or not url or len(url) > MAX_LENGTH:
        raise UnsafeQuickExit(f"must be a web address of at most {MAX_LENGTH} characters")
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise UnsafeQuickExit("must start with https://")
    if parts.username or parts.password or parts.port:
        raise UnsafeQuickExit("may not hold a login or a port")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise UnsafeQuickExit("may not have a query string or fragment (trackers and campaign codes live there)")
    host = (parts.hostname or "").lower()
    if not _HOST.match(host):
        raise UnsafeQuickExit(f"'{host}' is not a host name like www.example.nl")
    if any(host == bad or host.endswith("." + bad) for bad in NOT_NEUTRAL):
        raise UnsafeQuickExit(f"'{host}' counts or passes on visits: choose a neutral page")
    return url
