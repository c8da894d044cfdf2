from datetime import date
from datetime import time as time_of_day

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.domain.appointments import AppointmentWhere
from portal.domain.casework import CloseReason, ContactKind
from portal.domain.groups import ResidentGroup
from portal.domain.status import AanmeldingStatus
from portal.forms import PortalForm
from portal.labels import choices, label
from portal.rules.appointments import PLACE_MAX
from portal.rules.contact_attempt import Fit, fits
from portal.signup.forms import parse_day


class QueueFilterForm(PortalForm):
    """A GET form: filters are in the URL so they can be bookmarked and saved."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=[SelectChoice("open", _l("Open"))]
                         + choices(AanmeldingStatus)
                         + [SelectChoice("all", _l("Alle"))], default="open", validators=[Optional()])
    group = SelectField(_l("Groep"), choices=[SelectChoice("", _l("Alle groepen"))]
                        + choices(ResidentGroup, choice=False), default="", validators=[Optional()])
    source = SelectField(_l("Bron"), choices=[SelectChoice("", _l("Alle bronnen"))], default="",
                         validators=[Optional()], validate_choice=False)
    assigned = SelectField(_l("Toegewezen"), choices=[SelectChoice("", _l("Iedereen")),
                                                     SelectChoice("me", _l("Aan mij")),
                                                     SelectChoice("none", _l("Nog aan niemand"))],
                           default="", validators=[Optional()])
    # One box for a reference, a phone number or a name (rules/search_terms.py): whole words, as a blind index finds.
    search = StringField(_l("Zoek op nummer, naam of telefoon"),
                         description=_l("Het hele nummer, de hele naam of een heel woord ervan. Niet een deel."),
                         validators=[Optional(), Length(max=80)],
                         render_kw={"spellcheck": "false", "autocomplete": "off"})
    crisis = BooleanField(_l("Alleen crisis"), render_kw={"value": "1"})
    overdue = BooleanField(_l("Alleen te laat (nog geen contact na de beloofde dag)"), render_kw={"value": "1"})


class SaveFilterForm(PortalForm):
    name = StringField(_l("Naam van dit filter"), validators=[InputRequired(_l("Geef het filter een naam.")),
                                                             Length(max=60)])


class ContactAttemptForm(PortalForm):
    # A required select starts empty (valid HTML, and no contact kind is logged by accident).
    kind = SelectField(_l("Hoe?"), choices=[SelectChoice("", _l("Kies"))] + choices(ContactKind),
                       validators=[InputRequired(_l("Kies hoe u contact zocht."))])
    reached = RadioField(_l("Contact gehad?"), choices=[SelectChoice("yes", _l("Ja, gesproken")),
                                                         SelectChoice("no", _l("Nee, niet bereikt"))],
                         validators=[InputRequired(_l("Kies of u contact had."))])
    note = TextAreaField(_l("Notitie (mag leeg blijven)"), validators=[Optional(), Length(max=2000)],
                         render_kw={"dir": "auto"})


def offer_contact_kinds(form: ContactAttemptForm, aanmelding) -> None:
    """Marks, in the choice itself and in a warning next to it, the ways this resident did not agree to."""
    fit_of = fits(voicemail_ok=aanmelding.voicemail_ok, channels=aanmelding.channels)
    shown = {Fit.AGREED: "%(kind)s", Fit.NOT_AGREED: _("%(kind)s (niet afgesproken)"),
             Fit.REFUSED: _("%(kind)s (wil geen voicemail)")}
    form.kind.choices = [SelectChoice("", _("Kies"))] + [SelectChoice(kind.value, shown[fit] % {"kind": label(kind)})
                                                          for kind, fit in fit_of.items()]
    warning = Markup()
    if Fit.REFUSED in fit_of.values():
        warning += Markup("<strong>%s</strong> ") % _("Deze persoon wil geen voicemail. Spreek niets in.")
    not_agreed = [label(kind) for kind, fit in fit_of.items() if fit == Fit.NOT_AGREED]
    if not_agreed:
        warning += _("Niet afgesproken met deze persoon: %(kinds)s.", kinds=", ".join(not_agreed))
    form.kind.description = warning


class StatusForm(PortalForm):
    # A case is new only once: no status move leads back to it. Handing over has its own form (handover_forms.py).
    target = SelectField(_l("Nieuwe status"), choices=[SelectChoice("", _l("Kies"))]
                         + [choice for choice in choices(AanmeldingStatus)
                            if choice.value not in (AanmeldingStatus.NEW, AanmeldingStatus.HANDED_OVER)],
                         validators=[InputRequired(_l("Kies een nieuwe status."))])
    reason = SelectField(_l("Reden (bij afsluiten)"), choices=[SelectChoice("", "—")]
                         + choices(CloseReason), validators=[Optional()])


class NoteForm(PortalForm):
    text = TextAreaField(_l("Notitie"), validators=[InputRequired(_l("Schrijf een notitie.")), Length(max=4000)],
                         render_kw={"dir": "auto"})


class AppointmentForm(PortalForm):
    """Plan (or move) an appointment. The fields only parse; portal/rules/appointments.py decides what is wrong, and
    the view puts each problem next to its field with the rest of the form kept."""

    day = StringField(_l("Datum"), description=_l("Bijvoorbeeld 15-12-2026."),
                      render_kw={"type": "date", "autocomplete": "off"})
    time = StringField(_l("Tijd"), description=_l("Bijvoorbeeld 14:30."),
                       render_kw={"type": "time", "autocomplete": "off"})
    where = RadioField(_l("Waar?"), choices=choices(AppointmentWhere), validators=[Optional()])
    place = StringField(_l("Plek (bij een afspraak op een plek)"),
                        description=_l("Bijvoorbeeld het adres en de kamer."), validators=[Optional()],
                        render_kw={"dir": "auto", "autocomplete": "off"})
    replaces = SelectField(_l("Nieuwe afspraak of verplaatsen?"), choices=[SelectChoice("", _l("Een nieuwe afspraak"))],
                           validators=[Optional()], validate_choice=False)

    def parsed(self) -> tuple[date | None, time_of_day | None, bool | None, int | None, dict[str, str]]:
        """(day, time, by phone, replaces, format problems): what could not be read is None, with its code."""
        problems: dict[str, str] = {}
        day = parse_day(self.day.data) if self.day.data else None
        if self.day.data and day is None:
            problems["day"] = "day_bad"
        at = _parse_time(self.time.data) if self.time.data else None
        if self.time.data and at is None:
            problems["time"] = "time_bad"
        by_phone = {AppointmentWhere.PHONE: True, AppointmentWhere.PLACE: False}.get(self.where.data)
        replaces = int(self.replaces.data) if (self.replaces.data or "").isdigit() else None
        return day, at, by_phone, replaces, problems

    def with_upcoming(self, upcoming, describe) -> "AppointmentForm":
        """Offers moving each open appointment (`describe` names it); without any, the choice is not shown."""
        self.replaces.choices = [SelectChoice("", _("Een nieuwe afspraak"))] + [
            SelectChoice(str(a.id), _("Verplaats: %(appointment)s", appointment=describe(a))) for a in upcoming]
        return self

    def show_errors(self, codes: dict[str, str]) -> None:
        fields = {"day": self.day, "time": self.time, "where": self.where, "place": self.place,
                  "replaces": self.replaces, "appointment": self.replaces}
        for name, code in codes.items():
            fields[name].errors = [appointment_error(code)]


def _parse_time(raw: str) -> time_of_day | None:
    """14:30, 14.30 or 9:05; a time picker sends 14:30."""
    parts = raw.strip().replace(".", ":").split(":")
    if len(parts) != 2 or not all(p.isdigit() and 1 <= len(p) <= 2 for p in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    return time_of_day(hours, minutes) if hours < 24 and minutes < 60 else None


def appointment_error(code: str) -> str:
    return {
        "day_missing": _("Kies de datum van de afspraak."),
        "day_bad": _("Schrijf de datum zo: dag-maand-jaar, bijvoorbeeld 15-12-2026."),
        "day_past": _("Deze datum is al voorbij. Kies vandaag of een latere dag."),
        "day_far": _("Deze datum is meer dan een jaar weg. Kijk het jaartal na."),
        "time_missing": _("Vul de tijd in, bijvoorbeeld 14:30."),
        "time_bad": _("Schrijf de tijd zo: uren en minuten, bijvoorbeeld 14:30."),
        "time_past": _("Deze tijd is al voorbij. Kies een latere tijd."),
        "where_missing": _("Kies of de afspraak op een plek is of telefonisch."),
        "place_missing": _("Schrijf waar de afspraak is, bijvoorbeeld het adres."),
        "place_too_long": _("Schrijf de plek korter: hoogstens %(count)s tekens.", count=PLACE_MAX),
        "appointment_gone": _("Deze afspraak is al afgezegd of verplaatst. Kijk op de pagina hoe het nu staat."),
    }[code]
