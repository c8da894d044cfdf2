"""What the result and summary pages show, assembled from the outcome and the municipality's data."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.db import get_session
from portal.models import Municipality
from portal.questionnaire import flow
from portal.questionnaire.model import Questionnaire
from portal.questionnaire.routing import Outcome
from portal.rules import result_partners

BBZ_SENTENCE = _l("Bbz (Besluit bijstandverlening zelfstandigen) is hulp van de gemeente voor ondernemers: "
                  "geld om van te leven, of een lening.")


def result_context(questionnaire: Questionnaire, outcome: Outcome, municipality: Municipality | None,
                   outside: bool = False) -> dict:
    """outside: the postcode belongs to no municipality of this website, so nothing here can be signed up for."""
    kinds = result_partners.partner_kinds(outcome.route, outcome.groups, outcome.flags)
    partners = [partner for kind in kinds for partner in municipality.partners_of(kind)] if municipality else []
    group_partners = {
        group: municipality.partners_of(kind) if municipality and kind else []
        for group, kind in result_partners.group_partner_kinds(outcome.groups, kinds).items()
    }
    bbz_note = result_partners.bbz_note_place([p.name for p in partners],
                                              [p.name for listed in group_partners.values() for p in listed],
                                              outcome.groups, outcome.flags)
    return {
        "outcome": outcome,
        "municipality": municipality,
        "outside": outside and municipality is None,
        "reasons": [_(questionnaire.reasons[reason]) for reason in outcome.reasons],
        "partners": partners,
        "group_partners": group_partners,
        "bbz_after_partners": bbz_note == result_partners.BBZ_AFTER_PARTNERS,
        "bbz_in_group": bbz_note == result_partners.BBZ_IN_GROUP,
        "bbz_sentence": BBZ_SENTENCE,
    }


def _postcode_answer(slug: str, find_by_slug) -> str:
    if slug == "":
        return _("Overgeslagen")
    municipality = find_by_slug(get_session(), slug)
    if municipality is None:
        return _("Niet bij een gemeente van deze website")
    return _("Gemeente %(name)s", name=municipality.name)


def answer_summary(questionnaire: Questionnaire, answers: flow.Answers, find_by_slug) -> list[tuple]:
    """(question, answer as text) for each shown question, translated."""
    rows = []
    for question in flow.visible_questions(questionnaire, answers):
        answer = answers.get(question.id)
        if question.kind == "postcode":
            text = _postcode_answer(answer, find_by_slug)
        else:
            text = ", ".join(_(option.text) for option in flow.chosen_options(question, answer))
        rows.append((question, text))
    return rows
