"""What a sign-up draft knows besides the answers: where the resident came from and who fills it in with them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

from portal.domain.labelled import N_, LabelledEnum


class FilledIn(LabelledEnum):
    """How the sign-up was filled in (not `channels`: those are the ways to reach the resident)."""

    ONLINE = "online", N_("Zelf online ingevuld")  # by the resident alone
    ASSISTED = "assisted", N_("Samen ingevuld")  # together with a staff member, or on a code they gave


@dataclass(frozen=True)
class DraftContext:
    source: str | None = None  # a referral link's code, or referrals.ANONYMOUS_ADVICE_SOURCE
    source_reason: str | None = None
    selftest: dict | None = None  # the money check's outcome (route, crisis, groups, reasons, flags), never its answers
    filled_in: str = FilledIn.ONLINE  # online by the resident alone, or assisted by a caseworker
    assisted_by: int | None = None  # the staff member filling it in together with the resident
    links_sent: int = 0  # resume links sent by e-mail or text, capped per draft

    @classmethod
    def begin(cls, *, source: str | None = None, source_reason: str | None = None, selftest: dict | None = None,
              assisted_by: int | None = None) -> DraftContext:
        """The one place a new draft's context is made: resident, staff and a question turned into a sign-up."""
        return cls(source=source, source_reason=source_reason, selftest=selftest,
                   filled_in=FilledIn.ASSISTED if assisted_by else FilledIn.ONLINE, assisted_by=assisted_by or None)

    @classmethod
    def from_stored(cls, stored: dict | None) -> DraftContext:
        """From the draft's JSON; drafts saved before a field existed simply lack it."""
        known = {f.name for f in fields(cls)}
        stored = dict(stored or {})
        # "channel": the key drafts started before migration 0013 carry (a draft lives 14 days)
        if "channel" in stored and "filled_in" not in stored:
            stored["filled_in"] = stored.pop("channel")
        return cls(**{name: value for name, value in stored.items() if name in known})

    def stored(self) -> dict:
        return asdict(self)

    def assisted(self, staff_id: int) -> DraftContext:
        return replace(self, filled_in=FilledIn.ASSISTED, assisted_by=staff_id)

    def with_link_sent(self) -> DraftContext:
        return replace(self, links_sent=self.links_sent + 1)
