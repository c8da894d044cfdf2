"""What staff read for a case's source: the referral link's partner and channel by name, not its code
("lansingerland-woning")."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.domain.referrals import ANONYMOUS_ADVICE_SOURCE, ReferralChannel
from portal.labels import label
from portal.models import ReferralLink


def referral_links(session: Session, municipality_id: int) -> list[ReferralLink]:
    """The links that can be a source of this municipality's cases: its own and the national partners'."""
    return list(session.scalars(select(ReferralLink).where(
        or_(ReferralLink.municipality_id == municipality_id, ReferralLink.municipality_id.is_(None)))
        .order_by(ReferralLink.code)))


def source_labels(session: Session, municipality_id: int) -> dict[str, str]:
    """Code -> label for every source a case of this municipality can carry: its own links, the national links and
    a question turned into a sign-up. Two links that would read the same get their code after the name, so they stay
    apart. A code not here (a link removed since) is shown as stored."""
    links = referral_links(session, municipality_id)
    named = {link.code: _("%(partner)s – %(channel)s", partner=link.partner,
                          channel=label(link.channel, ReferralChannel)) for link in links}
    seen = Counter(named.values())
    labels = {code: text if seen[text] == 1 else f"{text} ({code})" for code, text in named.items()}
    labels[ANONYMOUS_ADVICE_SOURCE] = _("Anonieme vraag")
    return labels
