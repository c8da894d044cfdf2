"""A municipality's early-warning settings (`[municipality.early_warning]` in its file), with the defaults that apply
when the file says nothing. Framework-free: the loader validates the stored dict, the import and triage read it."""

from __future__ import annotations

from dataclasses import dataclass, fields

from portal.domain.early_warning import SignaalpartnerType
from portal.rules.early_warning_retention import LEGAL_MAX_MONTHS

# Divosa: 69 % of municipalities ignore arrears under about EUR 50.
DEFAULT_THRESHOLD_EUROS = 50
# Signals of one household within this many days of each other form one case (DDAS matching period).
DEFAULT_MATCHING_DAYS = 90
# What the municipality file may say (services/municipalities.py checks it), and the bounds it checks.
SETTINGS_FROM_FILE = ("threshold_euros", "partner_types", "energy_end_of_supply_is_crisis", "matching_days",
                      "retention_months")
MAX_THRESHOLD_EUROS = 10_000
MAX_MATCHING_DAYS = 366


@dataclass(frozen=True)
class EarlyWarningSettings:
    threshold_euros: int = DEFAULT_THRESHOLD_EUROS
    # The partner types the municipality takes up; signals of other types are stored as "niet opgepakt".
    partner_types: tuple[str, ...] = tuple(SignaalpartnerType)
    # SZW reads an energy company's end-of-supply notice as not by itself a threatening situation.
    energy_end_of_supply_is_crisis: bool = False
    matching_days: int = DEFAULT_MATCHING_DAYS
    # Months after the newest signal's receipt after which the data of a household that did not accept help is
    # deleted (docs/early-warning.md names the legal term); a municipality may choose less, never more.
    retention_months: int = LEGAL_MAX_MONTHS

    def __post_init__(self):
        if not isinstance(self.retention_months, int) or not 1 <= self.retention_months <= LEGAL_MAX_MONTHS:
            raise ValueError(f"retention_months must be 1..{LEGAL_MAX_MONTHS} (the legal maximum, "
                             f"docs/early-warning.md)")

    @classmethod
    def from_stored(cls, stored: dict | None) -> EarlyWarningSettings:
        known = {f.name for f in fields(cls)}
        values = {name: value for name, value in (stored or {}).items() if name in known}
        if "partner_types" in values:
            values["partner_types"] = tuple(values["partner_types"])
        return cls(**values)
