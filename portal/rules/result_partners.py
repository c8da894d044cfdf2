"""Which helpers the money-check result names, in which order, and where Bbz is explained.

An entrepreneur whose business still runs goes to the entrepreneurs' desk first: as long as someone runs a business,
the Bbz (Besluit bijstandverlening zelfstandigen) applies, and the ordinary debt help is for private people and
ex-entrepreneurs (Lochem's policy, seed 003; Lansingerland's RBZ, seed 000).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from portal.domain.groups import ResidentGroup
from portal.domain.partners import PartnerKind
from portal.domain.routes import Route

BUSINESS_RUNNING = "business_running"  # the flag the entrepreneur questionnaire sets for "my business still runs"

# Which partners fit which route, most fitting first.
ROUTE_PARTNERS = {
    Route.CRISIS: (PartnerKind.SOCIAL_WORK, PartnerKind.FORMAL_DEBT_HELP),
    Route.DEBT_HELP: (PartnerKind.FORMAL_DEBT_HELP, PartnerKind.SOCIAL_WORK),
    Route.VOLUNTEER: (PartnerKind.VOLUNTEERS, PartnerKind.SOCIAL_WORK),
    Route.ANONYMOUS_ADVICE: (PartnerKind.SOCIAL_WORK, PartnerKind.VOLUNTEERS),
}
GROUP_PARTNERS = {
    ResidentGroup.YOUTH: PartnerKind.YOUTH_COACHES,
    ResidentGroup.ENTREPRENEUR: PartnerKind.ENTREPRENEURS_DESK,
    ResidentGroup.STATUS_HOLDER: PartnerKind.STATUS_HOLDER_TEAM,
}

_BBZ = re.compile(r"\bbbz\b", re.IGNORECASE)


def business_runs(groups: Iterable[str], flags: Iterable[str]) -> bool:
    return ResidentGroup.ENTREPRENEUR in tuple(groups) and BUSINESS_RUNNING in tuple(flags)


def partner_kinds(route: str, groups: Iterable[str], flags: Iterable[str]) -> tuple[PartnerKind, ...]:
    """The kinds of helper under "Who helps in ...?", first one first.

    For a business that still runs, the entrepreneurs' desk comes before the formal debt help (and before anyone else).
    """
    kinds = ROUTE_PARTNERS.get(route, ())
    if business_runs(groups, flags):
        kinds = (PartnerKind.ENTREPRENEURS_DESK, *(kind for kind in kinds if kind != PartnerKind.ENTREPRENEURS_DESK))
    return tuple(kinds)


def group_partner_kinds(groups: Iterable[str], listed: Iterable[PartnerKind]) -> dict[str, PartnerKind | None]:
    """Each revealed group's own kind of helper, or None when the main list already names that kind."""
    already = set(listed)
    return {group: None if GROUP_PARTNERS[group] in already else GROUP_PARTNERS[group]
            for group in groups if group in GROUP_PARTNERS}


def mentions_bbz(name: str) -> bool:
    return bool(_BBZ.search(name))


def explain_bbz(shown_names: Iterable[str], groups: Iterable[str], flags: Iterable[str]) -> bool:
    """Bbz gets its one-sentence explanation wherever the word shows, and for every business that still runs."""
    return any(mentions_bbz(name) for name in shown_names) or business_runs(groups, flags)


BBZ_AFTER_PARTNERS = "partners"  # right under "Who helps in ...?"
BBZ_IN_GROUP = "group"  # in the part for entrepreneurs


def bbz_note_place(main_names: Iterable[str], group_names: Iterable[str], groups: Iterable[str],
                   flags: Iterable[str]) -> str | None:
    """Where the result explains Bbz: by the first list that names it or leads a running business; or nowhere."""
    main_names, group_names, groups, flags = tuple(main_names), tuple(group_names), tuple(groups), tuple(flags)
    if not explain_bbz(main_names + group_names, groups, flags):
        return None
    if main_names and (any(mentions_bbz(name) for name in main_names) or business_runs(groups, flags)):
        return BBZ_AFTER_PARTNERS
    return BBZ_IN_GROUP
