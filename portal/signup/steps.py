"""The sign-up's steps, in order. Each step is one form; which steps show depends only on the draft's context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import Length

from portal.signup import forms


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[FlaskForm]
    title: object
    lead: object | None = None
    should_show: Callable[[dict], bool] = field(default=lambda context: True)

    def stored(self, form: FlaskForm) -> dict:
        """What is kept of a valid form: normalised, never more than the form asked."""
        data = {name: value for name, value in form.data.items() if name != "csrf_token"}
        if self.slug == "contact":
            data["call_name"] = data["call_name"].strip()
            chosen = set(data.get("channels") or [])
            # Keep only the details for ways of contact the resident chose: data minimisation.
            data["phone"] = forms.normalise_phone(data["phone"]) if chosen & forms.PHONE_CHANNELS else ""
            data["email"] = (data.get("email") or "").strip() if "email" in chosen else ""
            data["postal_address"] = (data.get("postal_address") or "").strip() if "letter" in chosen else ""
        if self.slug == "dringend":
            day = forms.parse_day(data.get("eviction_date") or "")
            data["eviction_date"] = day.isoformat() if day else ""
        return data


def unfinished(step: Step, form: FlaskForm) -> dict:
    """What 'continue later' keeps of a form that may not be valid: only known choices, text cut to its limit.
    The postcode is never kept: only the municipality it leads to is, once the step is done."""
    if step.slug == "postcode":
        return {}
    kept = {}
    for form_field in form:
        if form_field.name == "csrf_token":
            continue
        value = form_field.data
        choices = getattr(form_field, "choices", None)
        if choices is not None:
            known = {choice.value for choice in choices}
            value = [v for v in value or [] if v in known] if isinstance(value, list) else (
                value if value in known else None)
        elif isinstance(value, str):
            limits = [v.max for v in form_field.validators if isinstance(v, Length) and v.max > 0]
            value = value[:min(limits, default=1000)]
        kept[form_field.name] = value
    return kept


STEPS = (
    Step("geldcheck", forms.CarryOverForm, _l("Uw geldcheck"),
         should_show=lambda context: bool(context.get("selftest"))),
    Step("situatie", forms.SituationForm, _l("Wat speelt er?"),
         lead=_l("U hoeft nu geen papieren te zoeken. Vertel alleen wat u weet.")),
    Step("dringend", forms.UrgentForm, _l("Is er iets dringend?")),
    Step("kinderen", forms.ChildrenForm, _l("Kinderen")),
    Step("contact", forms.ContactForm, _l("Hoe bereiken we u?"),
         lead=_l("We vragen alleen wat nodig is om u te bereiken.")),
    Step("bereikbaarheid", forms.ReachForm, _l("Wanneer en hoe?")),
    Step("postcode", forms.SignupPostcodeForm, _l("Waar woont u?"),
         lead=_l("Uw postcode vertelt ons welke gemeente u helpt. We bewaren alleen de gemeente.")),
    Step("toestemming", forms.ConsentForm, _l("Mogen we uw gegevens gebruiken?")),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def shown_steps(context: dict) -> list[Step]:
    return [step for step in STEPS if step.should_show(context)]


def is_done(answers: dict, step: Step) -> bool:
    return bool((answers.get(step.slug) or {}).get("complete"))


def first_open_step(answers: dict, context: dict) -> Step | None:
    return next((step for step in shown_steps(context) if not is_done(answers, step)), None)


def may_open(answers: dict, context: dict, slug: str) -> bool:
    """No skipping ahead by URL: every earlier step must be done."""
    for step in shown_steps(context):
        if step.slug == slug:
            return True
        if not is_done(answers, step):
            return False
    return False


def next_step(context: dict, slug: str) -> Step | None:
    steps = shown_steps(context)
    index = [s.slug for s in steps].index(slug)
    return steps[index + 1] if index + 1 < len(steps) else None


def previous_step(context: dict, slug: str) -> Step | None:
    steps = shown_steps(context)
    index = [s.slug for s in steps].index(slug)
    return steps[index - 1] if index > 0 else None
