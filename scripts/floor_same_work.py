"""The same-work floor for scripts/bench_http.py: the money-check step in bare Flask + SQLAlchemy Core.

    FLOOR_PAGES=/dir DATABASE_URL=... gunicorn -c gunicorn.conf.py -w 2 --pythonpath scripts \
        'floor_same_work:create_app()'

The database work of the portal's step (portal/resident/selftest_views.py, portal/services/selftest.py), statement for
statement, on the portal's own table `selftest_draft` in the same database, with an engine set up as portal/db.py sets
up its own (pool_pre_ping; on SQLite foreign_keys and busy_timeout):
- GET /geldcheck (once per connection): the portal's saved intro page, for its form.
- POST /geldcheck/start: delete expired drafts, insert a draft keyed by the SHA-256 of a random token, commit; the
  token goes into Flask's signed session cookie; redirect to the first question.
- GET /geldcheck/vraag/<id>: read the draft by its key (then roll back, as the portal's session does at teardown);
  render the portal's own page for that question, saved by the bench, with a fresh token in the form.
- POST /geldcheck/vraag/<id>: read the draft, update its answers, commit; redirect to the next question, as the
  portal did when the bench walked it.
What it leaves out, and so what the ratio portal / this floor is made of: the questionnaire's rules, WTForms and
the CSRF check (the token here is random and never checked), encryption of the answers (stored as plain JSON, only in
rows of its own), Babel, the security headers, the rate limiter, and the portal's templates (the HTML is the saved
bytes). The pages are the portal's, so the same size.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, abort, redirect, render_template, request, session
from floor_app import raw_template
from jinja2 import DictLoader
from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, event

draft_table = Table(
    "selftest_draft", MetaData(),
    Column("id_hash", String(64), primary_key=True),
    Column("questionnaire_version", Integer),
    Column("answers", Text),
    Column("outcome", Text),
    Column("counted", Boolean),
    Column("expires_at", DateTime(timezone=True)),
)
TOKEN_KEY = "selftest"


def make_engine(url: str):
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
    return engine


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _read_draft(connection):
    """The draft of this session's token, by its key, as portal/services/selftest.get_draft reads it."""
    row = connection.execute(draft_table.select().where(draft_table.c.id_hash == _hash(session.get(TOKEN_KEY) or "")))
    row = row.first()
    if row is None:
        abort(410)
    # SQLite hands back naive UTC, PostgreSQL an aware time (portal/db.py's UTCDateTime does the same).
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires < datetime.now(UTC):
        abort(410)
    return row


def create_app(pages: Path | None = None, database_url: str | None = None) -> Flask:
    pages = pages or Path(os.environ["FLOOR_PAGES"])
    flow = json.loads((pages / "step.json").read_text(encoding="utf-8"))  # {question: next question's path}
    app = Flask(__name__)
    app.secret_key = os.environ.get("SECRET_KEY", "floor")
    app.jinja_loader = DictLoader({f"{name}.html": raw_template((pages / f"{name}.html").read_text("utf-8"))
                                   for name in ["intro", *flow["pages"]]})
    engine = make_engine(database_url or os.environ["DATABASE_URL"])

    @app.get("/geldcheck")
    def show_intro():  # once per connection, before the steps: only for the form's token field
        return render_template("intro.html", hole=secrets.token_urlsafe(32))

    @app.post("/geldcheck/start")
    def start():
        token, now = secrets.token_urlsafe(24), datetime.now(UTC)
        with engine.connect() as connection:
            connection.execute(draft_table.delete().where(draft_table.c.expires_at < now))
            connection.execute(draft_table.insert().values(
                id_hash=_hash(token), questionnaire_version=1, answers="{}", counted=False,
                expires_at=now + timedelta(hours=13)))
            connection.commit()
        session[TOKEN_KEY] = token
        return redirect(f"/geldcheck/vraag/{flow['first']}")

    @app.get("/geldcheck/vraag/<question>")
    def show_question(question: str):
        if question not in flow["pages"]:
            abort(404)
        with engine.connect() as connection:
            json.loads(_read_draft(connection).answers)
        return render_template(f"{question}.html", hole=secrets.token_urlsafe(32))

    @app.post("/geldcheck/vraag/<question>")
    def answer_question(question: str):
        if question not in flow["next"]:
            abort(404)
        with engine.connect() as connection:
            draft = _read_draft(connection)
            answers = {**json.loads(draft.answers), question: request.form.get("answer", "")}
            connection.execute(draft_table.update().where(draft_table.c.id_hash == draft.id_hash)
                               .values(answers=json.dumps(answers, separators=(",", ":"))))
            connection.commit()
        return redirect(flow["next"][question])

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app
