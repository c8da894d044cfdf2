"""Find a municipality by postcode; load municipality data (the tenants) from a data file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from time import monotonic
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction
from portal.domain.aftercare import DEFAULT_MOMENT_MONTHS, MAX_MOMENT_MONTHS, MAX_MOMENTS
from portal.domain.early_warning import SignaalpartnerType
from portal.domain.referrals import ReferralChannel, ReferralReason
from portal.models import Municipality, Overdracht, Partner, PartnerKind, PostcodeRange, ReferralLink, StaffMember
from portal.rules.ddas import GEMEENTECODE
from portal.rules.deadlines import LEGAL_CRISIS_WORKING_DAYS, LEGAL_DAYS
from portal.rules.early_warning_retention import LEGAL_MAX_MONTHS
from portal.rules.early_warning_settings import (
    MAX_MATCHING_DAYS,
    MAX_THRESHOLD_EUROS,
    SETTINGS_FROM_FILE,
    EarlyWarningSettings,
)
from portal.rules.handover import DEFAULT_HANDOVER_WORKING_DAYS, MAX_HANDOVER_WORKING_DAYS
from portal.rules.opening_hours import OpeningHoursError, hours_per_day
from portal.rules.postcode import InvalidPostcode, full_postcode, postcode_digits
from portal.rules.quick_exit import UnsafeQuickExit, checked_quick_exit_url


class MunicipalityDataError(ValueError):
    """A municipality data file is wrong; the message names the file and the place."""


def find_by_postcode(session: Session, raw_postcode: str) -> Municipality | None:
    """Raises InvalidPostcode for input that is not a postcode; None when no municipality we serve has it."""
    digits = postcode_digits(raw_postcode)
    stmt = (
        select(Municipality)
        .join(PostcodeRange)
        .where(PostcodeRange.first <= digits, PostcodeRange.last >= digits)
        .options(selectinload(Municipality.partners))
    )
    return session.scalars(stmt).first()


def find_by_slug(session: Session, slug: str) -> Municipality | None:
    stmt = select(Municipality).where(Municipality.slug == slug).options(selectinload(Municipality.partners))
    return session.scalars(stmt).first()


def all_municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))


# (slug, name) of every municipality, per database (engine), with the moment it was read. Public data, the same for
# every resident: the ask page lists it on every visit. A process that loads a data file forgets its copy at once
# (load_municipalities); another process's copy (a gunicorn worker while `flask load-municipalities` ran elsewhere)
# is read again within CHOICES_LIFETIME_SECONDS. Municipalities change a few times a year; for that minute a new one
# is missing from the list (the resident sees "Kies uw gemeente" if they sent it anyway) or a new name shows the old.
CHOICES_LIFETIME_SECONDS = 60.0
_choices: WeakKeyDictionary = WeakKeyDictionary()


def municipality_choices(session: Session) -> tuple[tuple[str, str], ...]:
    """(slug, name) of every municipality by name, read at most once a minute per process and database."""
    return _fresh_choices(session.get_bind(), session)[1]


def municipality_data_read_at(engine: Engine) -> float:
    """When this process last read the municipalities: at most CHOICES_LIFETIME_SECONDS ago, or just now after a
    load. A page cached with this in its key (portal/page_cache.py) is never older than the list. Takes the engine:
    a page served from memory opens no ORM session at all."""
    return _fresh_choices(engine)[0]


def _fresh_choices(engine: Engine, session: Session | None = None) -> tuple[float, tuple[tuple[str, str], ...]]:
    now = monotonic()
    read = _choices.get(engine)
    if read is None or now - read[0] >= CHOICES_LIFETIME_SECONDS:
        query = select(Municipality.slug, Municipality.name).order_by(Municipality.name)
        if session is not None:
            rows = session.execute(query).all()
        else:
            with engine.connect() as connection:
                rows = connection.execute(query).all()
        read = _choices[engine] = (now, tuple((slug, name) for slug, name in rows))
    return read


def forget_municipality_choices(session: Session) -> None:
    _choices.pop(session.get_bind(), None)


def _require(entry: dict, key: str, kind: type, where: str):
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise MunicipalityDataError(f"{where}: '{key}' must be a {kind.__name__}")
    return value


def _parse_time(value: str, where: str) -> time:
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise MunicipalityDataError(f"{where}: '{value}' is not a time like 09:00") from exc


def _parse_opening_hours(periods: list, where: str) -> list[list]:
    """`opening_hours = [{ days = ["monday", ...], opens = "08:30", closes = "17:00" }, ...]` as stored rows."""
    parsed = []
    for index, period in enumerate(periods):
        p_where = f"{where}, opening_hours #{index + 1}"
        if not isinstance(period, dict):
            raise MunicipalityDataError(f"{p_where}: must be like {{ days = [\"monday\"], opens = \"09:00\", "
                                        f"closes = \"17:00\" }}")
        parsed.append((_require(period, "days", list, p_where),
                       _parse_time(_require(period, "opens", str, p_where), p_where),
                       _parse_time(_require(period, "closes", str, p_where), p_where)))
    try:
        per_day = hours_per_day(parsed)
    except OpeningHoursError as exc:
        raise MunicipalityDataError(f"{where}, opening_hours: {exc}") from exc
    return [[day, f"{opens:%H:%M}", f"{closes:%H:%M}"] for day, (opens, closes) in per_day.items()]


def _parse_ranges(spans: list, where: str, seen: list[tuple[int, int, str]], slug: str) -> list[tuple[int, int]]:
    ranges = []
    for span in spans:
        first, _, last = str(span).partition("-")
        try:
            low, high = int(first), int(last or first)
        except ValueError as exc:
            raise MunicipalityDataError(f"{where}: postcode range '{span}' is not like 2651-2652") from exc
        if not 1000 <= low <= high <= 9999:
            raise MunicipalityDataError(f"{where}: postcode range '{span}' is outside 1000-9999")
        for other_low, other_high, other in seen:
            if low <= other_high and other_low <= high:
                raise MunicipalityDataError(f"{where}: postcode range '{span}' overlaps one of '{other}'")
        seen.append((low, high, slug))
        ranges.append((low, high))
    return ranges


def _parse_partners(partners: list, where: str) -> list[dict]:
    parsed = []
    for index, partner in enumerate(partners):
        p_where = f"{where}, partner #{index + 1}"
        kind = _require(partner, "kind", str, p_where)
        if kind not in PartnerKind._value2member_map_:
            raise MunicipalityDataError(f"{p_where}: unknown kind '{kind}'")
        name = _require(partner, "name", str, p_where)
        if any(other["name"] == name for other in parsed):
            raise MunicipalityDataError(f"{p_where}: partner '{name}' is named twice (staff accounts and handovers "
                                        f"find a partner by its name)")
        parsed.append({"kind": PartnerKind(kind), "name": name,
                       "phone": partner.get("phone"), "website": partner.get("website")})
    return parsed


REFERRAL_CHANNELS = tuple(ReferralChannel)
REFERRAL_REASONS = tuple(ReferralReason)


def _parse_referrals(referrals: list, where: str) -> list[dict]:
    parsed = []
    for index, referral in enumerate(referrals):
        r_where = f"{where}, referral #{index + 1}"
        code = _require(referral, "code", str, r_where)
        if not code.replace("-", "").isalnum() or code.lower() != code:
            raise MunicipalityDataError(f"{r_where}: code '{code}' must be lowercase letters, digits and dashes")
        channel = _require(referral, "channel", str, r_where)
        if channel not in REFERRAL_CHANNELS:
            raise MunicipalityDataError(f"{r_where}: unknown channel '{channel}'")
        reason = referral.get("reason")
        if reason is not None and reason not in REFERRAL_REASONS:
            raise MunicipalityDataError(f"{r_where}: unknown reason '{reason}'")
        parsed.append({"code": code, "channel": channel, "reason": reason,
                       "partner": _require(referral, "partner", str, r_where)})
    return parsed


MAX_INHABITANTS = 20_000_000  # more than the whole country: a typo
POSTAL_FIELD_MAX = 60  # a line in an envelope's window


def _parse_postal_address(value, where: str) -> dict:
    """`postal_address = { street = "Postbus 1000", postcode = "2650 AA", city = "Bergschenhoek" }`: where residents'
    letters come from and where they may write back; the postcode as PostNL writes it ("2650 AA")."""
    p_where = f"{where}, postal_address"
    if not isinstance(value, dict):
        raise MunicipalityDataError(f'{p_where}: must be like {{ street = "Postbus 1000", postcode = "2650 AA", '
                                    f'city = "Bergschenhoek" }}')
    unknown = set(value) - {"street", "postcode", "city"}
    if unknown:
        raise MunicipalityDataError(f"{p_where}: unknown field '{sorted(unknown)[0]}' (street, postcode, city)")
    parsed = {}
    for key in ("street", "postcode", "city"):
        text = _require(value, key, str, p_where).strip()
        if not text or len(text) > POSTAL_FIELD_MAX:
            raise MunicipalityDataError(f"{p_where}: '{key}' must be 1..{POSTAL_FIELD_MAX} characters")
        parsed[key] = text
    try:
        parsed["postcode"] = full_postcode(parsed["postcode"])
    except InvalidPostcode as exc:
        raise MunicipalityDataError(f"{p_where}: postcode '{parsed['postcode']}' is not like 2650 AA") from exc
    return parsed


def _parse_gemeentecode(code, where: str) -> str | None:
    """CBS's four-digit code as a string ("0014"): the DDAS report to CBS names the municipality by it."""
    if code is not None and (not isinstance(code, str) or not GEMEENTECODE.fullmatch(code)):
        raise MunicipalityDataError(f"{where}: gemeentecode must be CBS's four-digit code as a string, "
                                    f"e.g. \"0014\" (the DDAS report to CBS names the municipality by it)")
    return code


def _whole_number(value, key: str, low: int, high: int, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise MunicipalityDataError(f"{where}: '{key}' must be a whole number, {low}..{high}")
    return value


def _parse_partner_types(types, where: str) -> list[str]:
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise MunicipalityDataError(f"{where}: 'partner_types' must be a list of DDAS partner types, "
                                    f"like [\"Huur\", \"Energie\"]")
    for partner_type in types:
        if partner_type not in SignaalpartnerType._value2member_map_:
            raise MunicipalityDataError(f"{where}: partner type '{partner_type}' is not a DDAS type "
                                        f"({', '.join(t.value for t in SignaalpartnerType)})")
    if len(set(types)) != len(types):
        raise MunicipalityDataError(f"{where}: 'partner_types' names a type twice")
    return list(types)


def _parse_early_warning(value, where: str) -> dict:
    """`[municipality.early_warning]`: threshold_euros, partner_types (DDAS strings), energy_end_of_supply_is_crisis,
    matching_days, retention_months. Stored as given (only the keys the file names); EarlyWarningSettings.from_stored
    adds defaults."""
    e_where = f"{where}, early_warning"
    if not isinstance(value, dict):
        raise MunicipalityDataError(f"{e_where}: must be a table [municipality.early_warning]")
    unknown = set(value) - set(SETTINGS_FROM_FILE)
    if unknown:
        raise MunicipalityDataError(f"{e_where}: unknown field '{sorted(unknown)[0]}' "
                                    f"({', '.join(SETTINGS_FROM_FILE)})")
    parsed = {}
    if "threshold_euros" in value:
        parsed["threshold_euros"] = _whole_number(value["threshold_euros"], "threshold_euros", 0,
                                                  MAX_THRESHOLD_EUROS, e_where)
    if "matching_days" in value:
        parsed["matching_days"] = _whole_number(value["matching_days"], "matching_days", 1, MAX_MATCHING_DAYS,
                                                e_where)
    if "energy_end_of_supply_is_crisis" in value:
        if not isinstance(value["energy_end_of_supply_is_crisis"], bool):
            raise MunicipalityDataError(f"{e_where}: 'energy_end_of_supply_is_crisis' must be true or false")
        parsed["energy_end_of_supply_is_crisis"] = value["energy_end_of_supply_is_crisis"]
    if "partner_types" in value:
        parsed["partner_types"] = _parse_partner_types(value["partner_types"], e_where)
    if "retention_months" in value:  # shorter than the law allows, never longer (docs/early-warning.md)
        parsed["retention_months"] = _whole_number(value["retention_months"], "retention_months", 1,
                                                   LEGAL_MAX_MONTHS, e_where)
    EarlyWarningSettings.from_stored(parsed)  # the stored dict must read back
    return parsed


def _parse_aftercare_months(value, where: str) -> list[int]:
    """`aftercare_months = [1, 3, 6]`: the after-care contact moments, in months after a trajectory closed."""
    example = ", ".join(str(m) for m in DEFAULT_MOMENT_MONTHS)
    if (not isinstance(value, list) or not value or len(value) > MAX_MOMENTS
            or not all(isinstance(m, int) and not isinstance(m, bool) for m in value)
            or not all(1 <= m <= MAX_MOMENT_MONTHS for m in value)
            or any(later <= earlier for earlier, later in zip(value, value[1:], strict=False))):
        raise MunicipalityDataError(f"{where}: 'aftercare_months' must be 1..{MAX_MOMENTS} whole months, each "
                                    f"1..{MAX_MOMENT_MONTHS} and later than the one before, like [{example}]")
    return list(value)


def _parse_entry(entry: dict, where: str, seen: list[tuple[int, int, str]]) -> dict:
    slug = _require(entry, "slug", str, where)
    where = f"{where.rsplit(':', 1)[0]}: municipality '{slug}'"
    parsed = {"slug": slug}
    for key in ("name", "phone", "website"):
        parsed[key] = _require(entry, key, str, where)
    parsed["opening_hours"] = _parse_opening_hours(_require(entry, "opening_hours", list, where), where)
    for key in ("first_contact_days", "crisis_working_days"):
        parsed[key] = _require(entry, key, int, where)
    if not 1 <= parsed["first_contact_days"] <= LEGAL_DAYS:
        raise MunicipalityDataError(f"{where}: first_contact_days must be 1..{LEGAL_DAYS} (the law's limit)")
    if not 1 <= parsed["crisis_working_days"] <= LEGAL_CRISIS_WORKING_DAYS:
        raise MunicipalityDataError(
            f"{where}: crisis_working_days must be 1..{LEGAL_CRISIS_WORKING_DAYS} (the law's limit)")
    parsed["handover_working_days"] = entry.get("handover_working_days", DEFAULT_HANDOVER_WORKING_DAYS)
    days = parsed["handover_working_days"]
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_HANDOVER_WORKING_DAYS:
        raise MunicipalityDataError(f"{where}: handover_working_days must be a whole number of working days, "
                                    f"1..{MAX_HANDOVER_WORKING_DAYS} (default {DEFAULT_HANDOVER_WORKING_DAYS})")
    parsed["advice_partners_allowed"] = bool(entry.get("advice_partners_allowed", False))
    parsed["quick_exit_url"] = None
    if "quick_exit_url" in entry:
        try:
            parsed["quick_exit_url"] = checked_quick_exit_url(entry["quick_exit_url"])
        except UnsafeQuickExit as exc:
            raise MunicipalityDataError(f"{where}: quick_exit_url {exc}") from exc
    parsed["postal_address"] = None
    if "postal_address" in entry:
        parsed["postal_address"] = _parse_postal_address(entry["postal_address"], where)
    parsed["gemeentecode"] = _parse_gemeentecode(entry.get("gemeentecode"), where)
    parsed["early_warning"] = _parse_early_warning(entry.get("early_warning", {}), where)
    parsed["aftercare_months"] = _parse_aftercare_months(entry.get("aftercare_months", list(DEFAULT_MOMENT_MONTHS)),
                                                         where)
    parsed["inhabitants"] = None
    if "inhabitants" in entry:
        parsed["inhabitants"] = _whole_number(entry["inhabitants"], "inhabitants", 1, MAX_INHABITANTS, where)
    parsed["postcodes"] = _parse_ranges(_require(entry, "postcodes", list, where), where, seen, slug)
    parsed["partners"] = _parse_partners(entry.get("partner", []), where)
    parsed["referrals"] = _parse_referrals(entry.get("referral", []), where)
    return parsed


@dataclass(frozen=True)
class MunicipalityFile:
    """A validated data file: its municipalities, and the links of national partners (None: the file has none)."""

    municipalities: list[dict]
    national_referrals: list[dict] | None


def read_municipality_file(path: Path) -> MunicipalityFile:
    """Validate the whole file before anything is written, so a broken file changes nothing."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MunicipalityDataError(f"{path}: {exc}") from exc
    entries = data.get("municipality")
    if not isinstance(entries, list) or not entries:
        raise MunicipalityDataError(f"{path}: needs at least one [[municipality]]")
    seen: list[tuple[int, int, str]] = []
    municipalities = [_parse_entry(entry, f"{path}: municipality #{i + 1}", seen) for i, entry in enumerate(entries)]
    national = data.get("national")
    if national is not None and not isinstance(national, dict):
        raise MunicipalityDataError(f"{path}: 'national' must be a table with [[national.referral]] links")
    national_referrals = None if national is None else _parse_referrals(national.get("referral", []),
                                                                        f"{path}: national")
    codes = [r["code"] for m in municipalities for r in m["referrals"]] + [r["code"] for r in national_referrals or []]
    for code in codes:
        if codes.count(code) > 1:
            raise MunicipalityDataError(f"{path}: referral code '{code}' is used twice (a link's code is unique)")
    return MunicipalityFile(municipalities, national_referrals)


def _merge_referrals(municipality: Municipality, referrals: list[dict]) -> None:
    """Update links in place by code: printed QR codes keep working, and the unique code is never inserted twice."""
    existing = {link.code: link for link in municipality.referral_links}
    kept = []
    for referral in referrals:
        link = existing.get(referral["code"]) or ReferralLink(code=referral["code"])
        for key, value in referral.items():
            setattr(link, key, value)
        kept.append(link)
    municipality.referral_links = kept


def _merge_partners(session: Session, municipality: Municipality, partners: list[dict], where: str) -> None:
    """Update partners in place by name: staff accounts and handovers keep pointing at the same organisation. A
    partner that is gone from the file while accounts or handovers still name it stops the load."""
    existing = {partner.name: partner for partner in municipality.partners}
    kept = []
    for entry in partners:
        partner = existing.pop(entry["name"], None) or Partner()
        for key, value in entry.items():
            setattr(partner, key, value)
        kept.append(partner)
    for gone in existing.values():
        in_use = session.scalar(select(StaffMember.id).where(StaffMember.partner_id == gone.id).limit(1)) or \
            session.scalar(select(Overdracht.id).where(Overdracht.partner_id == gone.id).limit(1))
        if in_use:
            raise MunicipalityDataError(f"{where}: partner '{gone.name}' is no longer in the file, but staff accounts "
                                        f"or handovers still belong to it; keep it in the file")
    municipality.partners = kept


def _merge_national_referrals(session: Session, referrals: list[dict]) -> None:
    """National partners' links (no municipality), updated in place by code like a municipality's own."""
    existing = {link.code: link for link in session.scalars(select(ReferralLink)
                                                            .where(ReferralLink.municipality_id.is_(None)))}
    for referral in referrals:
        link = existing.pop(referral["code"], None) or ReferralLink(code=referral["code"])
        for key, value in referral.items():
            setattr(link, key, value)
        session.add(link)
    for gone in existing.values():
        session.delete(gone)


def load_municipalities(session: Session, path: Path) -> list[Municipality]:
    """Insert or replace the municipalities in the file, matched by slug. One transaction."""
    data = read_municipality_file(path)
    loaded = []
    with transaction(session):
        if data.national_referrals is not None:
            _merge_national_referrals(session, data.national_referrals)
        for entry in data.municipalities:
            municipality = session.scalars(select(Municipality).where(Municipality.slug == entry["slug"])).first()
            if municipality is None:
                municipality = Municipality(slug=entry["slug"])
                session.add(municipality)
            for key in ("name", "phone", "website", "opening_hours", "first_contact_days",
                        "crisis_working_days", "advice_partners_allowed", "quick_exit_url", "handover_working_days",
                        "postal_address", "gemeentecode", "early_warning",
                        "inhabitants", "aftercare_months"):
                setattr(municipality, key, entry[key])
            municipality.postcode_ranges = [PostcodeRange(first=low, last=high) for low, high in entry["postcodes"]]
            _merge_partners(session, municipality, entry["partners"], f"{path}: municipality '{entry['slug']}'")
            _merge_referrals(municipality, entry["referrals"])
            loaded.append(municipality)
    forget_municipality_choices(session)
    return loaded
