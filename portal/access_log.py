"""gunicorn's access log without secrets: resume links, signed referral tokens and after-care check-in links travel
in the URL path."""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# Paths whose last segment is a bearer secret: whoever reads it in a log could open a resident's draft.
SECRET_PATHS = re.compile(r"^(/aanmelden/verder/|/via/t/|/ervaring/|/nazorg/)(?!bedankt$)[^/]+")


def redact(path: str) -> str:
    return SECRET_PATHS.sub(r"\1…", path)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact(atoms.get("U", ""))
        return atoms
