"""Development only: what the portal would have sent. Never registered in production (portal/__init__.py)."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from portal.db import get_session
from portal.models import OutboxMessage

bp = Blueprint("dev", __name__, url_prefix="/dev")

SHOWN = 50


@bp.get("/berichten")
def show_outbox():
    """The newest messages with their whole text, so a new developer can open a resume link that 'went out'."""
    messages = get_session().scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)).all()
    return render_template("dev/messages.html", messages=messages)
