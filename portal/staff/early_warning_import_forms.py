"""The early-warning upload form: one file of signals."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from portal.forms import PortalForm


class SignalFileForm(PortalForm):
    """One file of signals (CSV or DDAS JSON); the size limit is portal/uploads.py's."""

    file = FileField(_l("Bestand met signalen (CSV of JSON)"),
                     validators=[FileRequired(_l("Kies het bestand met de signalen."))],
                     render_kw={"accept": ".csv,.json,text/csv,application/json"})
