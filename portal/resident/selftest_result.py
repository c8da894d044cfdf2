"""What the result and summary pages show, assembled from the outcome and the municipality's data."""

from __future__ import annotations

from flask_babel import gettext as _

from portal.db import get_session
from portal.domain.groups import ResidentGroup
from portal.models import Municipality, PartnerKind
from portal.questionnaire import flow
from portal.questionnaire.model import Questionnaire
from portal.questionnaire.routing import ANONYMOUS_ADVICE, CRISIS, DEBT_HELP, VOLUNTEER, Outcome

# Which partners fit which route, most fitting first.
ROUTE_PARTNERS = {
    CRISIS: (PartnerKind.SOCIAL_WORK, PartnerKind.FORMAL_DEBT_HELP),
    DEBT_HELP: (PartnerKind.FORMAL_DEBT_HELP, PartnerKind.SOCIAL_WORK),
    VOLUNTEER: (PartnerKind.VOLUNTEERS, PartnerKind.SOCIAL_WORK),
    ANONYMOUS_ADVICE: (PartnerKind.SOCIAL_WORK, PartnerKind.VOLUNTEERS),
}
GROUP_PARTNERS = {
    ResidentGroup.YOUTH: PartnerKind.YOUTH_COACHES,
    ResidentGroup.ENTREPRENEUR: PartnerKind.ENTREPRENEURS_DESK,
    ResidentGroup.STATUS_HOLDER: PartnerKind.STATUS_HOLDER_TEAM,
}


def result_context(questionnaire: Questionnaire, outcome: Outcome, municipality: Municipality | None) -> dict:
    partners = []
    if municipality:
        for kind in ROUTE_PARTNERS.get(outcome.route, ()):
            partners += municipality.partners_of(kind)
    group_partners = {
        group: municipality.partners_of(GROUP_PARTNERS[group]) if municipality else [] for group in outcome.groups
    }
    return {
        "outcome": outcome,
        "municipality": municipality,
        "reasons": [_(questionnaire.reasons[reason]) for reason in outcome.reasons],
        "partners": partners,
        "group_partners": group_partners,
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
