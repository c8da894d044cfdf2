"""CSRF tokens masked afresh each time a page shows one, so compressed pages do not give them away (BREACH).

Flask-WTF writes the same signed token into every page of a session, varied only by its one-second timestamp. Over
compressed TLS, an attacker who can make the resident's browser load a page many times, with text of their choice
in it, learns such a token a character at a time from the response sizes. A token XOR-ed with fresh random bytes
looks different in every response, so there is nothing to learn; unmasking gives back Flask-WTF's own token, which
Flask-WTF then checks as before (session, signature). Django and Rails mask their tokens in the same way.

With this, pages may be compressed (docs/deployment.md): they fit the 14 KB first round trip. A form must send the
masked token: the bare signed token is refused, so an older page's token (before this change) asks once more.
"""

from __future__ import annotations

import base64
import binascii
import secrets

from flask import g
from flask_wtf.csrf import CSRFProtect, _FlaskFormCSRF, generate_csrf, validate_csrf


def mask(token: str) -> str:
    """The token behind a one-time pad of the same length, pad first: URL-safe base64 without padding."""
    plain = token.encode("ascii")
    pad = secrets.token_bytes(len(plain))
    return base64.urlsafe_b64encode(pad + _xor(plain, pad)).rstrip(b"=").decode("ascii")


def _xor(data: bytes, pad: bytes) -> bytes:
    """Byte for byte, through one big integer: a tenth of the time of a loop over the bytes."""
    return (int.from_bytes(data, "big") ^ int.from_bytes(pad, "big")).to_bytes(len(data), "big")


def unmask(sent: str | None) -> str | None:
    """Flask-WTF's token back, or None for anything that is not a masked token (Flask-WTF then says it is
    missing: the kind "page was open too long" answer, never an error)."""
    if not sent or len(sent) > 1024:
        return None
    try:
        both = base64.urlsafe_b64decode(sent + "=" * (-len(sent) % 4))
    except (binascii.Error, ValueError):
        return None
    half, odd = divmod(len(both), 2)
    if odd or not half:
        return None
    plain = _xor(both[half:], both[:half])
    try:
        return plain.decode("ascii")
    except UnicodeDecodeError:
        return None


def masked_csrf_token() -> str:
    """What templates call as csrf_token(): the session's token, masked for this one use."""
    return mask(generate_csrf())


class MaskedCSRFProtect(CSRFProtect):
    """Flask-WTF's app-wide check on every POST, reading the masked token."""

    def init_app(self, app):
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = masked_csrf_token
        # Flask-WTF also hands csrf_token to every template through a context processor, which outranks the
        # globals; this one runs after it.
        app.context_processor(lambda: {"csrf_token": masked_csrf_token})

    def _get_csrf_token(self):
        return unmask(super()._get_csrf_token())


class MaskedFormCSRF(_FlaskFormCSRF):
    """A form's own hidden token field (forms.PortalForm), masked the same way."""

    def generate_csrf_token(self, csrf_token_field):
        return mask(super().generate_csrf_token(csrf_token_field))

    def validate_csrf_token(self, form, field):
        if g.get("csrf_valid", False):
            return  # MaskedCSRFProtect checked this request already
        validate_csrf(unmask(field.data), self.meta.csrf_secret, self.meta.csrf_time_limit, self.meta.csrf_field_name)
