"""Who is logged in, and the decorator every staff page carries.

The cookie holds only a random token; the session itself is a row on the server (services/staff_sessions.py), which
enforces 30 minutes idle and 10 hours at most. Logging out deletes the row, so a copy of the cookie opens nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from portal.db import get_session
from portal.models import StaffMember, StaffRole
from portal.security import safe_next
from portal.security_log import security_event
from portal.services import staff_sessions

STAFF_TOKEN = "staff_token"
# Between the password and the code: a session row that opens no staff page, only the code step.
PENDING_TOKEN, PENDING_NEXT = "pending_token", "pending_next"
PENDING_SET_UP = "pending_set_up"  # the nonce of this browser's app set-up, when the account has none yet
KEPT_FORM = "kept_form"  # the token of what was typed when the session ran out (services/staff_sessions.py)
KEPT_FIELD_LIMIT = 4000  # the longest text field a staff form takes


@dataclass(frozen=True)
class KeepTyped:
    """For a POST view whose form holds typed text: the GET page that shows the form, and the fields worth keeping
    when the POST arrives after the session ran out."""

    page: str
    fields: tuple[str, ...]
    anchor: str | None = None

    def __post_init__(self):
        if any(name == "csrf_token" or "password" in name for name in self.fields):
            raise ValueError("a CSRF token or a password is never kept")

COORDINATORS = (StaffRole.KETENREGISSEUR, StaffRole.ADMINISTRATOR)
EVERYONE = tuple(StaffRole)


def start_page(member: StaffMember) -> str:
    """Where a member lands after login and what "Werkplek" leads to: a caseworker's own start page (handovers,
    cases filled in together), a coordinator's queue."""
    return url_for("staff.show_start" if member.role == StaffRole.CASEWORKER else "staff.show_queue")


def _clear_keeping_typed_text() -> None:
    """A fresh session: nothing from before (a resident's draft, a planted id) carries over, except the token of a
    kept form, which only ever opens for the account that typed it."""
    kept = session.get(KEPT_FORM)
    session.clear()
    if kept:
        session[KEPT_FORM] = kept


def begin_second_step(member: StaffMember, next_url: str, set_up_nonce: str | None = None) -> None:
    _clear_keeping_typed_text()
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
    next_url = session.get(PENDING_NEXT) or start_page(member)
    replaces = session.get(PENDING_TOKEN)
    _clear_keeping_typed_text()
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
    g.staff, g.staff_idle, g.idle_staff_id = found.member, found.expired, found.expired_staff_id
    if found.member is None and STAFF_TOKEN in session:
        session.clear()
    return g.staff


def staff_page(target: str | None) -> str | None:
    """`target` when it is a staff page on this site that a GET opens, else None: a login never ends on a POST-only
    address (a 405) or anywhere else."""
    target = safe_next(target, "")
    if not target:
        return None
    try:
        endpoint, _args = current_app.url_map.bind_to_environ(request.environ).match(urlsplit(target).path,
                                                                                    method="GET")
    except HTTPException:  # not found, not for GET, or a redirect to another address
        return None
    return target if endpoint.startswith("staff.") and endpoint != "staff.log_in" else None


def _to_login(keep: KeepTyped | None):
    """Where a request without a signed-in member goes. A POST goes back to the page of its form, keeping what was
    typed when it was the session that ran out (not when nobody had signed in)."""
    if request.method in ("GET", "HEAD"):
        next_url = request.full_path.rstrip("?")
    elif keep is not None:
        next_url = url_for(keep.page, _anchor=keep.anchor, **request.view_args)
        fields = {name: request.form.get(name, "")[:KEPT_FIELD_LIMIT] for name in keep.fields}
        if g.get("idle_staff_id") and any(value.strip() for value in fields.values()):
            session[KEPT_FORM] = staff_sessions.keep_form(get_session(), g.idle_staff_id, endpoint=request.endpoint,
                                                          page=urlsplit(next_url).path, fields=fields)
    else:
        next_url = request.path
    return redirect(url_for("staff.log_in", next=staff_page(next_url),
                            verlopen=1 if g.get("staff_idle") else None))


def _restore_kept_form(member: StaffMember) -> None:
    kept = staff_sessions.take_form(get_session(), session.pop(KEPT_FORM, None), member, request.path)
    if kept is not None:
        g.kept_form = kept
        flash(("kept", _("U was automatisch uitgelogd. Wat u had getypt staat weer in het formulier. Kijk het na en "
                         "sla het op.")))


def kept_fields(endpoint: str) -> dict | None:
    """The typed fields for the form that posts to `endpoint`, on the first page after the login; else None."""
    kept = g.get("kept_form")
    return kept.fields if kept is not None and kept.endpoint == endpoint else None


def staff_required(*roles: StaffRole, keep: KeepTyped | None = None):
    """Every staff view carries this; tests/staff/test_access.py fails when one does not."""
    allowed = roles or EVERYONE

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            member = current_staff()
            if member is None:
                return _to_login(keep)
            if member.role not in allowed:
                security_event("access", "denied", actor=member.id, obj=request.endpoint)
                abort(403)
            if request.method == "GET" and KEPT_FORM in session:
                _restore_kept_form(member)
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
