"""The forms of the early-warning pages: the queue's filters, a contact attempt, closing, the home-visit day."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.early_warning import Approach, Contactsoort, Dagdeel, Eindresultaat, SignaalpartnerType
from portal.forms import PortalForm
from portal.labels import choices, label
from portal.rules.early_warning_casework import ATTEMPT_MAX_DAYS_BACK, attempt_date_problem
from portal.signup.forms import parse_day

NOTE_MAX = 2000


class EarlyWarningFilterForm(PortalForm):
    """A GET form: the filters are in the URL, so they can be bookmarked."""

    class Meta:
        csrf = False

    approach = SelectField(_l("Aanpak"), choices=[SelectChoice("", _l("Elke aanpak"))] + choices(Approach),
                           default="", validators=[Optional()])
    partner_type = SelectField(_l("Signaalpartner"), choices=[SelectChoice("", _l("Elke signaalpartner"))]
                               + choices(SignaalpartnerType), default="", validators=[Optional()])
    assigned = SelectField(_l("Toegewezen"), choices=[SelectChoice("", _l("Iedereen")),
                                                     SelectChoice("me", _l("Aan mij")),
                                                     SelectChoice("none", _l("Nog aan niemand"))],
                           default="", validators=[Optional()])
    crisis = BooleanField(_l("Alleen crisis"), render_kw={"value": "1"})
    overdue = BooleanField(_l("Alleen te laat (nog niemand bereikt na de dag van eerste contact)"),
                           render_kw={"value": "1"})


FILTER_KEYS = ("approach", "partner_type", "assigned", "crisis", "overdue")


class ContactpogingForm(PortalForm):
    """A DDAS Contactpoging: the kind, reached or not, the day and the part of the day, and a note."""

    soort = SelectField(_l("Hoe?"), choices=[SelectChoice("", _l("Kies"))] + choices(Contactsoort),
                        validators=[InputRequired(_l("Kies hoe u contact zocht."))])
    bereikt = RadioField(_l("Bereikt?"), choices=[SelectChoice("yes", _l("Ja, gesproken")),
                                                  SelectChoice("no", _l("Nee, niet bereikt"))],
                         validators=[InputRequired(_l("Kies of u iemand van het huishouden sprak."))])
    datum = StringField(_l("Datum"), description=_l("Bijvoorbeeld 15-12-2026."),
                        validators=[InputRequired(_l("Vul de datum in, bijvoorbeeld 15-12-2026."))],
                        render_kw={"type": "date", "autocomplete": "off"})
    dagdeel = RadioField(_l("Dagdeel (mag leeg blijven)"), choices=choices(Dagdeel), validators=[Optional()])
    note = TextAreaField(_l("Notitie (mag leeg blijven)"), validators=[Optional(), Length(max=NOTE_MAX)],
                         render_kw={"dir": "auto"})

    def parsed_day(self, today: date) -> date | None:
        """The day, or None with the reason next to the field."""
        day = parse_day(self.datum.data or "")
        problem = attempt_date_problem(day, today=today)
        if problem is not None:
            self.datum.errors = [{
                "date_bad": _("Schrijf de datum zo: dag-maand-jaar, bijvoorbeeld 15-12-2026."),
                "date_future": _("Deze datum is nog niet geweest. Leg een poging vast op de dag dat u hem deed."),
                "date_old": _("Deze datum is meer dan %(count)s dagen geleden. Kijk het jaartal na.",
                              count=ATTEMPT_MAX_DAYS_BACK),
            }[problem]]
            return None
        return day


class CloseZaakForm(PortalForm):
    result = SelectField(_l("Eindresultaat"), choices=[SelectChoice("", _l("Kies"))] + choices(Eindresultaat),
                         validators=[InputRequired(_l("Kies hoe deze zaak afloopt."))])

    def show_refusal(self, code: str) -> None:
        self.result.errors = [{
            "help_without_contact": _("Leg eerst een contactpoging vast waarin u de inwoner sprak (‘Bereikt: ja’). "
                                      "Hulp aanvaarden kan alleen iemand die u gesproken hebt."),
        }[code]]

    def result_label(self) -> str:
        return label(self.result.data, Eindresultaat)


class VisitDayForm(PortalForm):
    class Meta:
        csrf = False

    dag = StringField(_l("Dag"), render_kw={"type": "date", "autocomplete": "off"})

    def day(self, today: date) -> date:
        """The day asked for; today when none was given; today with the reason next to the field when unreadable."""
        if not self.dag.data:
            self.dag.data = today.isoformat()  # the field shows the day the list is of
            return today
        day = parse_day(self.dag.data)
        if day is None:
            self.dag.errors = [_("Schrijf de dag zo: dag-maand-jaar, bijvoorbeeld 15-12-2026.")]
            return today
        return day
