"""Who is logged in, and the decorator every staff page carries. Sessions end after 30 minutes idle."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

from flask import abort, g, redirect, request, session, url_for

from portal.db import get_session, utcnow
from portal.models import StaffMember, StaffRole
from portal.security_log import security_event

IDLE_LIMIT = timedelta(minutes=30)
ABSOLUTE_LIMIT = timedelta(hours=10)  # a working day: a session never lives longer, however active
STAFF_ID, STAFF_VERSION, STAFF_SEEN, STAFF_STARTED = "staff_id", "staff_version", "staff_seen", "staff_started"
# Between the password and the code: not a staff session, it opens no staff page.
PENDING_ID, PENDING_VERSION, PENDING_AT, PENDING_NEXT = "pending_id", "pending_version", "pending_at", "pending_next"
PENDING_SET_UP = "pending_set_up"  # the nonce of this browser's app set-up, when the account has none yet
PENDING_LIMIT = timedelta(minutes=5)

COORDINATORS = (StaffRole.KETENREGISSEUR, StaffRole.ADMINISTRATOR)
EVERYONE = tuple(StaffRole)


def begin_second_step(member: StaffMember, next_url: str, set_up_nonce: str | None = None) -> None:
    # A fresh session after the password: nothing from before (a resident's draft, a planted id) carries over.
    session.clear()
    session[PENDING_ID], session[PENDING_VERSION] = member.id, member.session_version
    session[PENDING_AT], session[PENDING_NEXT] = utcnow().timestamp(), next_url
    if set_up_nonce:
        session[PENDING_SET_UP] = set_up_nonce


def pending_set_up_nonce() -> str | None:
    return session.get(PENDING_SET_UP)


def pending_member() -> StaffMember | None:
    """Who typed the right password in the last five minutes and still owes the code."""
    member_id = session.get(PENDING_ID)
    if member_id is None or utcnow() - datetime.fromtimestamp(session.get(PENDING_AT, 0), UTC) > PENDING_LIMIT:
        return None
    return _still_valid(member_id, PENDING_VERSION)


def _still_valid(member_id: int, version_key: str) -> StaffMember | None:
    """The account, unless it was disabled or logged out everywhere since this session began."""
    member = get_session().get(StaffMember, member_id)
    if member is None or not member.active or member.session_version != session.get(version_key):
        return None
    return member


def start_staff_session(member: StaffMember) -> str:
    """After both steps. A new session again, so the half-way one cannot be replayed. Returns where to go next."""
    next_url = session.get(PENDING_NEXT) or url_for("staff.show_queue")
    session.clear()
    session[STAFF_ID], session[STAFF_VERSION] = member.id, member.session_version
    session[STAFF_SEEN] = session[STAFF_STARTED] = utcnow().timestamp()
    return next_url


def end_staff_session() -> None:
    session.clear()


def current_staff() -> StaffMember | None:
    if "staff" in g:
        return g.staff
    g.staff, g.staff_idle = None, False
    staff_id = session.get(STAFF_ID)
    if staff_id is not None:
        seen = datetime.fromtimestamp(session.get(STAFF_SEEN, 0), UTC)
        started = datetime.fromtimestamp(session.get(STAFF_STARTED, 0), UTC)
        member = _still_valid(staff_id, STAFF_VERSION)
        if utcnow() - seen > IDLE_LIMIT or utcnow() - started > ABSOLUTE_LIMIT:
            g.staff_idle = True
            end_staff_session()
        elif member is None:
            end_staff_session()
        else:
            g.staff = member
            session[STAFF_SEEN] = utcnow().timestamp()
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
