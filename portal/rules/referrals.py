"""Which municipality a referral link sets, and for which municipality it counts.

A municipality's own link (a bank shows it to its customers there) sets that municipality and counts for it alone.
A national partner's link names none: the resident is asked where they live, and it counts wherever that is.
"""

from __future__ import annotations


def referral_municipality(link_municipality: str | None, token_municipality: str | None) -> str | None:
    """The link's own municipality. A token that names another (one that borrowed another municipality's link, or
    a national link with a place in it) sets none: the resident is asked, and never sees another municipality's
    number."""
    if token_municipality and token_municipality != link_municipality:
        return None
    return link_municipality


def counts_for(link_municipality: str | None, municipality: str | None) -> bool:
    """Is a sign-up or money check in `municipality` counted under this link? Its own municipality's, or national."""
    return link_municipality is None or link_municipality == municipality
