"""The sign-up's steps, in order. Each step is its own form (as in laa-access-civil-legal-aid's means test) and knows
when it shows (`should_show`), what is kept of a valid answer (`payload`) or of a half one (`unfinished`), and how its
answers read on the check page (`summary`). Which steps show depends only on the draft's context."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from flask import request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, Optional

from portal.db import get_session
from portal.domain.contact import ContactChannel
from portal.domain.crisis import CrisisKind
from portal.domain.draft_context import DraftContext
from portal.domain.groups import REAL_GROUPS
from portal.domain.topics import Topic
from portal.models import Municipality
from portal.services.municipalities import find_by_postcode
from portal.signup import forms
from portal.signup.summary import answer_text, day_text


def stored_data(answers: dict, slug: str) -> dict:
    return (answers.get(slug) or {}).get("data") or {}


class SignupStep:
    """Mixed into each step's form: `Step()` reads the request, `Step.answered(data)` what the draft stored."""

    slug: ClassVar[str]
    title: ClassVar[object]
    lead: ClassVar[object | None] = None
    # The municipality the answer led to (only the postcode step finds one): the view remembers it on the device.
    place: Municipality | None = None

    @classmethod
    def should_show(cls, context: DraftContext) -> bool:
        return True

    @classmethod
    def for_draft(cls, answers: dict, *, known: Municipality | None = None):
        """The form with what the draft holds; on a POST the request's answers win. `known`: the municipality this
        device already told us (only the postcode step uses it)."""
        saved = stored_data(answers, cls.slug)
        return cls(data=saved) if saved else cls()

    @classmethod
    def answered(cls, data: dict):
        """The step as the draft stored it, for the check page: no request data, no CSRF."""
        form = cls(formdata=None, data=data, meta={"csrf": False})
        form.stored = data
        return form

    def payload(self) -> dict | None:
        """What is kept of a valid form: normalised, never more than the form asked. None: nothing can be kept."""
        return {name: value for name, value in self.data.items() if name != "csrf_token"}

    def unfinished(self) -> dict:
        """What 'continue later' keeps of a form that may not be valid: only known choices, text cut to its limit."""
        kept = {}
        for form_field in self:
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

    def for_later(self, was_complete: bool) -> tuple[dict, bool] | None:
        """What 'continue later' saves, as (data, complete): a valid answer as done, the rest cleaned and unfinished.
        None: keep what the draft has."""
        if self.validate():
            return self.payload(), True
        return self.unfinished(), False

    def summary(self, municipality_name: Callable[[str | None], str | None]) -> list[tuple[str, str]]:
        """(question, answer in words) for every answered field of a step made by `answered()`."""
        rows = []
        for form_field in self:
            if form_field.type == "CSRFTokenField":
                continue
            text = self.answer_text(form_field, self.stored.get(form_field.name))
            if text:
                rows.append((str(form_field.label.text), text))
        return rows

    def answer_text(self, form_field, value) -> str:
        return answer_text(form_field, value)

    def prefills(self, context: DraftContext) -> dict[str, dict] | None:
        """Answers this step's answer fills in on later steps (slug -> data), for the resident to confirm or change.
        None: this step fills in nothing."""
        return None


class CarryOverStep(SignupStep, forms.CarryOverForm):
    slug, title = "geldcheck", _l("Uw geldcheck")

    @classmethod
    def should_show(cls, context: DraftContext) -> bool:
        return bool(context.selftest)  # only with a money check done on this device

    def prefills(self, context: DraftContext) -> dict[str, dict]:
        """Yes: what the money check already knew fills in its steps. No: nothing (and what a yes filled in before,
        still unconfirmed, is taken back)."""
        return carried_answers(context.selftest) if self.carry.data == "yes" and context.selftest else {}


class SituationStep(SignupStep, forms.SituationForm):
    slug, title = "situatie", _l("Wat speelt er?")
    lead = _l("U hoeft nu geen papieren te zoeken. Vertel alleen wat u weet.")

    @classmethod
    def from_question(cls, text: str, group: str | None) -> dict:
        """An anonymous question turned into a sign-up: its words start the situation, for the resident to finish."""
        return cls(formdata=None, data={"topics": [], "own_words": text, "group": group},
                   meta={"csrf": False}).unfinished()


class UrgentStep(SignupStep, forms.UrgentForm):
    slug, title = "dringend", _l("Is er iets dringend?")

    def payload(self) -> dict:
        data = super().payload()
        chosen = set(data.get("urgent") or [])
        for name, kinds in self.REVEALED_BY.items():  # a day only with the urgent thing it belongs to
            day = forms.parse_day(data.get(name) or "") if chosen & kinds else None
            data[name] = day.isoformat() if day else ""
        return data

    def answer_text(self, form_field, value) -> str:
        return day_text(value) if form_field.name in self.REVEALED_BY else super().answer_text(form_field, value)


class ChildrenStep(SignupStep, forms.ChildrenForm):
    slug, title = "kinderen", _l("Kinderen")


class ContactStep(SignupStep, forms.ContactForm):
    slug, title = "contact", _l("Hoe bereiken we u?")
    lead = _l("We vragen alleen wat nodig is om u te bereiken.")

    def payload(self) -> dict:
        data = super().payload()
        data["call_name"] = data["call_name"].strip()
        chosen = set(data.get("channels") or [])
        # Keep only the details for ways of contact the resident chose: data minimisation.
        data["phone"] = forms.normalise_phone(data["phone"]) if chosen & forms.PHONE_CHANNELS else ""
        data["email"] = (data.get("email") or "").strip() if ContactChannel.EMAIL in chosen else ""
        data["postal_address"] = (data.get("postal_address") or "").strip() if ContactChannel.LETTER in chosen else ""
        return data


class ReachStep(SignupStep, forms.ReachForm):
    slug, title = "bereikbaarheid", _l("Wanneer en hoe?")

    @classmethod
    def for_draft(cls, answers: dict, *, known: Municipality | None = None):
        form = super().for_draft(answers)
        if not stored_data(answers, cls.slug) and not form.is_submitted():
            form.language.data = str(get_locale())  # the language they read the portal in, changeable
        return form


class PostcodeStep(SignupStep, forms.SignupPostcodeForm):
    """The first step, before anything personal: the postcode is never stored, only the municipality it leads to.
    A municipality this device already knows (the money check, a referral link) is offered to confirm or change."""

    slug, title = "postcode", _l("Waar woont u?")
    lead = _l("Uw postcode vertelt ons welke gemeente u helpt. We bewaren alleen de gemeente.")
    known: Municipality | None = None

    @classmethod
    def for_draft(cls, answers: dict, *, known: Municipality | None = None):
        form = cls()
        form.known = known
        return form

    def confirms_known(self) -> bool:
        """The 'yes, I live there' button, unless a postcode was typed (Enter in its field presses the first button)."""
        return (self.known is not None and request.form.get(forms.SAME_MUNICIPALITY) == self.known.slug
                and not (self.postcode.data or "").strip())

    def validate(self, extra_validators=None) -> bool:
        if self.confirms_known():
            self.postcode.validators = [Optional()]  # the CSRF check stays
        return super().validate(extra_validators)

    def payload(self) -> dict | None:
        """None outside every municipality we serve: the page then says where to get help instead."""
        self.place = self.known if self.confirms_known() else find_by_postcode(get_session(), self.postcode.data)
        return {"municipality": self.place.slug} if self.place else None

    def unfinished(self) -> dict:
        return {}

    def for_later(self, was_complete: bool) -> tuple[dict, bool] | None:
        return None if was_complete else ({}, False)  # the municipality found earlier stays

    def summary(self, municipality_name: Callable[[str | None], str | None]) -> list[tuple[str, str]]:
        return [(_("Gemeente"), municipality_name(self.stored.get("municipality")) or "")]


class ConsentStep(SignupStep, forms.ConsentForm):
    slug, title = "toestemming", _l("Mogen we uw gegevens gebruiken?")


# The money check's reasons that name a sign-up topic (reason ids as in questionnaires/selftest.toml).
REASON_TOPICS = {"rent_arrears": Topic.RENT, "bailiff": Topic.COLLECTORS, "collection": Topic.COLLECTORS,
                 "tax_debts": Topic.TAXES, "business_debts": Topic.BUSINESS, "no_income": Topic.INCOME,
                 "no_overview": Topic.OVERVIEW}


def carried_answers(outcome: dict) -> dict[str, dict]:
    """The money check's outcome as answers on the sign-up's steps: what it knew for certain, nothing guessed.
    Its crisis question is always asked, so no crisis there means 'nothing of this'; children only when it said yes."""
    reasons, flags = outcome.get("reasons") or [], outcome.get("flags") or []
    topics = list(dict.fromkeys(REASON_TOPICS[reason].value for reason in reasons if reason in REASON_TOPICS))
    groups = [group for group in outcome.get("groups") or [] if group in REAL_GROUPS]
    crisis = [kind for kind in outcome.get("crisis") or [] if kind in CrisisKind._value2member_map_]
    answers = {SituationStep.slug: {"topics": topics, "own_words": "", "group": groups[0] if groups else None},
               UrgentStep.slug: {"urgent": crisis or [forms.NO_CRISIS], "eviction_date": "", "cutoff_date": ""}}
    if "children" in flags:
        answers[ChildrenStep.slug] = {"children": "yes"}
    return answers


# Where someone lives comes first: outside every municipality we serve, nothing personal has been asked yet.
STEPS: tuple[type[SignupStep], ...] = (PostcodeStep, CarryOverStep, SituationStep, UrgentStep, ChildrenStep,
                                      ContactStep, ReachStep, ConsentStep)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def shown_steps(context: DraftContext) -> list[type[SignupStep]]:
    return [step for step in STEPS if step.should_show(context)]


def is_done(answers: dict, step: type[SignupStep]) -> bool:
    return bool((answers.get(step.slug) or {}).get("complete"))


def first_open_step(answers: dict, context: DraftContext) -> type[SignupStep] | None:
    return next((step for step in shown_steps(context) if not is_done(answers, step)), None)


def may_open(answers: dict, context: DraftContext, slug: str) -> bool:
    """No skipping ahead by URL: every earlier step must be done."""
    for step in shown_steps(context):
        if step.slug == slug:
            return True
        if not is_done(answers, step):
            return False
    return False


def next_step(context: DraftContext, slug: str) -> type[SignupStep] | None:
    steps = shown_steps(context)
    index = [s.slug for s in steps].index(slug)
    return steps[index + 1] if index + 1 < len(steps) else None


def previous_step(context: DraftContext, slug: str) -> type[SignupStep] | None:
    steps = shown_steps(context)
    index = [s.slug for s in steps].index(slug)
    return steps[index - 1] if index > 0 else None


def summary_rows(context: DraftContext, answers: dict, municipality_name) -> list[tuple[type[SignupStep], str, str]]:
    """The check-your-answers rows: every answer in words, with the step it can be changed on."""
    return [(step, question, answer) for step in shown_steps(context)
            for question, answer in step.answered(stored_data(answers, step.slug)).summary(municipality_name)]
