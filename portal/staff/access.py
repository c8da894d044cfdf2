"""Who is logged in, and the decorator every staff page carries.

The cookie holds only a random token; the session itself is a row on the server (services/staff_sessions.py), which
enforces 30 minutes idle and 10 hours at most. Logging out deletes the row, so a copy of the cookie opens nothing.
"""

from __future__ import annotations

import functools

from flask import abort, g, redirect, request, session, url_for

from portal.db import get_session
from portal.models import StaffMember, StaffRole
from portal.security_log import security_event
from portal.services import staff_sessions

STAFF_TOKEN = "staff_token"
# Between the password and the code: a session row that opens no staff page, only the code step.
PENDING_TOKEN, PENDING_NEXT = "pending_token", "pending_next"
PENDING_SET_UP = "pending_set_up"  # the nonce of this browser's app set-up, when the account has none yet

COORDINATORS = (StaffRole.KETENREGISSEUR, StaffRole.ADMINISTRATOR)
EVERYONE = tuple(StaffRole)


def begin_second_step(member: StaffMember, next_url: str, set_up_nonce: str | None = None) -> None:
    # A fresh session after the password: nothing from before (a resident's draft, a planted id) carries over.
    session.clear()
    session[PENDING_TOKEN] = staff_sessions.open_session(get_session(), member, signed_in=False)
    session[PENDING_NEXT] = next_url
    if set_up_nonce:
        session[PENDING_SET_UP] = set_up_nonce


def pending_set_up_nonce() -> str | None:
    return session.get(PENDING_SET_UP)


def pending_member() -> StaffMember | None:
    """Who typed the right password in the last five minutes and still owes the code."""
    return staff_sessions.find(get_session(), session.get(PENDING_TOKEN), signed_in=False).member


def start_staff_session(member: StaffMember) -> str:
    """After both steps. A new session again, so the half-way one cannot be replayed. Returns where to go next."""
    next_url = session.get(PENDING_NEXT) or url_for("staff.show_queue")
    replaces = session.get(PENDING_TOKEN)
    session.clear()
    session[STAFF_TOKEN] = staff_sessions.open_session(get_session(), member, signed_in=True, replaces=replaces)
    return next_url


def end_staff_session() -> None:
    """Logging out: the row goes, so the cookie (and every copy of it) stops working."""
    staff_sessions.end(get_session(), session.get(STAFF_TOKEN))
    session.clear()


def current_staff() -> StaffMember | None:
    if "staff" in g:
        return g.staff
    found = staff_sessions.find(get_session(), session.get(STAFF_TOKEN), signed_in=True)
    g.staff, g.staff_idle = found.member, found.expired
    if found.member is None and STAFF_TOKEN in session:
        session.clear()
    return g.staff


def staff_required(*roles: StaffRole):
    """Every staff view carries this; tests/staff/test_access.py fails when one does not."""
    allowed = roles or EVERYONE

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            member = current_staff()
            if member is None:
                return redirect(url_for("staff.log_in", next=request.full_path.rstrip("?"),
                                        verlopen=1 if g.get("staff_idle") else None))
            if member.role not in allowed:
                security_event("access", "denied", actor=member.id, obj=request.endpoint)
                abort(403)
            return view(*args, **kwargs)

        wrapper.staff_roles = allowed
        return wrapper

    return decorate


def init_app(app) -> None:
    @app.context_processor
    def _staff_context():
        from flask import request as current_request

        is_staff_page = current_request.blueprint == "staff"
        return {"staff": current_staff() if is_staff_page else None}


def public_staff_page(view):
    """Marks the few staff pages that must work before login (the login page itself)."""
    view.staff_public = True
    return view
