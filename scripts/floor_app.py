"""The floor for scripts/bench_http.py: bare Flask + Jinja serving the portal's start page, byte for byte.

    FLOOR_PAGES=/dir/with/start.html gunicorn -c gunicorn.conf.py -w 2 --pythonpath scripts 'floor_app:create_app()'

The bench renders the portal's `/` once (Dutch, demo data), saves it as start.html and starts this app under the same
gunicorn settings as the portal. Each request renders that page through a Jinja template (with no variables) and
returns it: what is left is the cost of gunicorn, Flask's routing and response, and Jinja, the least a page of the
portal could cost. No database, no session, no security headers.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template
from jinja2 import DictLoader

HOLE = "\0hole\0"  # where a page has a per-request value (the CSRF token); never in real HTML


def raw_template(html: str) -> str:
    """A Jinja template source that renders to exactly `html`, with each HOLE becoming {{ hole }}."""
    parts = html.split(HOLE)
    # {% raw %} keeps any braces of the page literal; a page cannot contain "{% endraw %}" (no Jinja reaches a browser).
    return "{{ hole }}".join(f"{{% raw %}}{part}{{% endraw %}}" for part in parts)


def create_app(pages: Path | None = None) -> Flask:
    pages = pages or Path(os.environ["FLOOR_PAGES"])
    app = Flask(__name__)
    # Loaded and compiled once, then cached, as the portal's templates are (render_template_string would compile
    # on every request and make the floor slower than the thing it measures).
    app.jinja_loader = DictLoader({"start.html": raw_template((pages / "start.html").read_text(encoding="utf-8"))})

    @app.get("/")
    def start():
        return render_template("start.html")

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
