"""What staff read for a case's source: the referral link's partner and channel by name, not the link's code."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.domain.referrals import ANONYMOUS_ADVICE_SOURCE, ReferralChannel
from portal.labels import label
from portal.models import ReferralLink


def source_labels(session: Session, municipality_id: int) -> dict[str, str]:
    """Code -> label for every source a case of this municipality can carry: its own links, the national links and
    a question turned into a sign-up. A code not here (a link removed since) is shown as stored."""
    links = session.scalars(select(ReferralLink).where(
        or_(ReferralLink.municipality_id == municipality_id, ReferralLink.municipality_id.is_(None))))
    labels = {link.code: _("%(partner)s – %(channel)s", partner=link.partner,
                           channel=label(link.channel, ReferralChannel)) for link in links}
    labels[ANONYMOUS_ADVICE_SOURCE] = _("Anonieme vraag")
    return labels
