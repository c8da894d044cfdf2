"""What staff read for a case's source: the referral link's partner, not its code ("lansingerland-woning")."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.domain.draft_context import ANONYMOUS_ADVICE_SOURCE
from portal.models import ReferralLink


def referral_links(session: Session, municipality_id: int) -> list[ReferralLink]:
    """The links that can be a source of this municipality's cases: its own and the national partners'."""
    return list(session.scalars(select(ReferralLink).where(
        or_(ReferralLink.municipality_id == municipality_id, ReferralLink.municipality_id.is_(None)))
        .order_by(ReferralLink.code)))


def source_labels(session: Session, municipality_id: int) -> dict[str, str]:
    """Code -> label for every source a case of this municipality can have. A partner with more than one link gets the
    code after its name, so the links stay apart. A code that is not here (a link since removed) is shown as stored."""
    links = referral_links(session, municipality_id)
    names = Counter(link.partner for link in links)
    labels = {link.code: link.partner if names[link.partner] == 1 else f"{link.partner} ({link.code})"
              for link in links}
    labels[ANONYMOUS_ADVICE_SOURCE] = gettext("Anonieme vraag")
    return labels
