"""Pages that are the same for everyone with the same language and municipality, rendered once a minute per worker.

The start page and the empty ask form are where most residents arrive (a bank app's link, a letter); a money-check
question not yet answered is most of the check's pages. Rendering them is most of their cost: a few dozen translated
strings, the language menu, the options, the municipality's number in the footer. What such a page shows depends only
on the key given here (the page with what sets it apart, the language, the municipality from the session, the script
root), so it is rendered once and then served from memory. Nothing personal is ever kept: a page that shows a
resident's answers, a draft or anything typed is not cached (the callers are listed in docs/performance.md). Values
that must differ per response, the CSRF token and the ask form's time stamp, are left as holes at render time and
filled for each response.

Freshness: each page's key holds the moment this process last read the municipality list, which it reads again
after a minute (services/municipalities.py). A municipality's new number or hours show within a minute of `flask
load-municipalities` in another process, at once in the process that loaded them. At most MAX_PAGES per worker,
least recently used go first: a minute's keys are the languages times the municipalities in use, and older keys are
never asked for again.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale

from portal.services.municipalities import municipality_data_read_at

MAX_PAGES = 256


class Hole:
    """A place in a cached page for a value of each response. Its mark is random per process and letters and digits
    only, so HTML escaping leaves it as it is and no page text can contain it by chance."""

    def __init__(self, name: str) -> None:
        self.mark = f"hole{name}{secrets.token_hex(8)}"


class PageCache:
    """Rendered pages by key, the least recently used dropped beyond MAX_PAGES."""

    def __init__(self) -> None:
        self._pages: OrderedDict[Hashable, str] = OrderedDict()

    def page(self, key: Hashable, render: Callable[[], str]) -> str:
        html = self._pages.get(key)
        if html is None:
            html = self._pages[key] = render()
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        self._pages.move_to_end(key)
        return html


def _cache() -> PageCache:
    return current_app.extensions.setdefault("portal_page_cache", PageCache())


def same_for_everyone(page: Hashable, municipality: str | None, render: Callable[[], str],
                      holes: dict[Hole, Callable[[], str]] | None = None) -> str:
    """`render()` once per minute for this page, language, municipality (its slug) and script root; each hole's
    mark in it replaced by a fresh value for this response."""
    read_at = municipality_data_read_at(current_app.extensions["db_engine"])
    key = (page, str(get_locale()), municipality, request.script_root, read_at)
    html = _cache().page(key, render)
    for hole, value in (holes or {}).items():
        html = html.replace(hole.mark, value())
    return html
