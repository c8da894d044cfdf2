"""The council report's period: a year, and a quarter or the whole year. A GET form, so a period can be bookmarked."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.forms import PortalForm
from portal.rules.council_report import FIRST_YEAR, Period, period_problem

QUARTERS = [SelectChoice("", _l("Het hele jaar")),
            SelectChoice("1", _l("1e kwartaal (januari tot en met maart)")),
            SelectChoice("2", _l("2e kwartaal (april tot en met juni)")),
            SelectChoice("3", _l("3e kwartaal (juli tot en met september)")),
            SelectChoice("4", _l("4e kwartaal (oktober tot en met december)"))]


class ReportPeriodForm(PortalForm):
    class Meta:
        csrf = False

    # The lists are checked in validate_*: a value typed into the URL gets a kind message, not WTForms' own.
    jaar = SelectField(_l("Jaar"), validate_choice=False)
    kwartaal = SelectField(_l("Periode"), choices=QUARTERS, default="", validate_choice=False)

    def __init__(self, formdata, *, today: date):
        super().__init__(formdata, data={"jaar": str(today.year)})
        self.today = today
        self.jaar.choices = [str(year) for year in range(today.year, FIRST_YEAR - 1, -1)]

    def validate_jaar(self, field):
        if field.data not in field.choices:
            raise ValidationError(_("Kies een jaar uit de lijst: van %(first)s tot en met %(last)s.",
                                    first=FIRST_YEAR, last=self.today.year))

    def validate_kwartaal(self, field):
        if field.data not in [choice.value for choice in QUARTERS]:
            raise ValidationError(_("Kies een kwartaal uit de lijst, of het hele jaar."))
        if field.data and not self.jaar.errors and period_problem(int(self.jaar.data), int(field.data),
                                                                  self.today) == "future":
            raise ValidationError(_("Dit kwartaal is nog niet begonnen. Kies een eerder kwartaal."))

    def period(self) -> Period:
        return Period(int(self.jaar.data), int(self.kwartaal.data) if self.kwartaal.data else None)

    def query(self) -> dict[str, str]:
        """The period as the download links carry it."""
        return {"jaar": self.jaar.data, **({"kwartaal": self.kwartaal.data} if self.kwartaal.data else {})}
