"""Reading a file of early-warning signals (vroegsignalen): CSV with documented columns, or JSON shaped like a DDAS
delivery. Framework-free: it yields parsed signals or problems; the import service (services/early_warning_import.py)
stores nothing until a first pass found no problem at all.

The formats are documented for municipalities in docs/early-warning-import.md. In short:

CSV, UTF-8 (a byte-order mark, as Excel writes "CSV UTF-8", is fine), delimiter ";" or "," (read from the header
line), one signal per line, a header line with these column names (order free; the required ones marked *):

    signaal_id*  signaalpartner_type*  signaalpartner_naam  bedrag*  ontstaansdatum  signaaldatum*  crisissignaal
    einde_levering  warme_overdracht  bsn*  postcode*  huisnummer*  toevoeging  naam  straat  woonplaats
    geboortedatum  telefoon  email

(* the column must be there; per line either bsn, or postcode + huisnummer, must be filled in.)

Decisions, each with its reason:
- Windows-1252 (Excel's plain "CSV") is refused with a message that says how to save as UTF-8, not guessed: the
  same bytes mean other letters in other code pages, and a name read wrongly is worse than a file sent again.
- Amounts in Dutch notation ("1.234,56", "€ 80", "95") become whole euros, as DDAS counts them, rounded half up
  (0,50 -> 1). "12.50" is refused: in Dutch notation the dot groups thousands, so it is ambiguous.
- Dates as 2026-11-30 or 30-11-2026; none may lie after the day of the import.
- Phone numbers become E.164 (phonenumbers, region NL); a number that is not a valid one is a problem, like any field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO

from portal.domain.early_warning import SignaalpartnerType
from portal.domain.labelled import N_
from portal.rules.phone import e164
from portal.rules.postcode import InvalidPostcode, full_postcode

# The CSV columns, in the order our own files and the demo files write them.
COLUMNS = ("signaal_id", "signaalpartner_type", "signaalpartner_naam", "bedrag", "ontstaansdatum", "signaaldatum",
           "crisissignaal", "einde_levering", "warme_overdracht", "bsn", "postcode", "huisnummer", "toevoeging",
           "naam", "straat", "woonplaats", "geboortedatum", "telefoon", "email")
REQUIRED_COLUMNS = ("signaal_id", "signaalpartner_type", "bedrag", "signaaldatum", "bsn", "postcode", "huisnummer")
DELIMITERS = (";", ",")
MAX_PROBLEMS = 100  # a file this wrong is wrong throughout: the first ones say enough
MAX_FIELD = 200  # a name, street or partner name longer than this is not one
MAX_ID = 80  # Vroegsignaal.external_id
MAX_AMOUNT_EUROS = 10_000_000

TRUE_WORDS = frozenset({"ja", "j", "true", "waar", "1", "yes", "y"})
FALSE_WORDS = frozenset({"nee", "n", "false", "onwaar", "0", "no", ""})


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where (a line number, or a JSON path), which field, and a plain Dutch message
    (a msgid with %(name)s placeholders, translated where it is shown)."""

    where: str  # "12" (a CSV line) or "leveringen[0].vroegsignalen[3]"; "" for the file as a whole
    field: str  # the column or JSON field; "" when the problem is not one field's
    msgid: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedSignal:
    external_id: str
    partner_type: str  # a SignaalpartnerType value
    partner_name: str | None
    amount_euros: int
    arose_on: date | None
    signalled_on: date
    crisis: bool  # as the reporter flagged it (triage decides what counts)
    end_of_supply: bool
    warm_handover: bool
    bsn: str | None
    postcode: str | None  # "2651 AB"
    huisnummer: str | None  # "12"
    toevoeging: str | None  # "A", upper case
    name: str | None
    street: str | None
    city: str | None
    birth_date: date | None
    phone: str | None  # E.164
    email: str | None
    where: str = field(default="", compare=False)  # the line or JSON path, for messages


class FileUnreadable(Exception):
    """The file as a whole cannot be read (encoding, format, header): one problem, no lines."""

    def __init__(self, problem: Problem):
        super().__init__(problem.msgid)
        self.problem = problem


# ---- single fields -------------------------------------------------------------------------------------------------

class FieldError(ValueError):
    def __init__(self, msgid: str, **params):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def passes_elfproef(digits: str) -> bool:
    """The BSN 11-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and the number is not all zeros)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def parse_bsn(raw: str) -> str | None:
    text = re.sub(r"[\s.]", "", raw or "")
    if not text:
        return None
    if text.isdigit() and len(text) == 8:  # a spreadsheet dropped the leading zero
        text = "0" + text
    if not (text.isdigit() and len(text) == 9):
        raise FieldError(N_("Een BSN heeft 9 cijfers; hier staat iets anders."))
    if not passes_elfproef(text):
        raise FieldError(N_("Dit BSN klopt niet (het voldoet niet aan de elfproef). Controleer het nummer."))
    return text


_AMOUNT = re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?$")


def parse_amount(raw: str) -> int:
    """Dutch notation to whole euros, half up: "1.234,56" -> 1235, "80" -> 80, "0,50" -> 1."""
    text = (raw or "").replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "").strip()
    if not text:
        raise FieldError(N_("Het bedrag ontbreekt."))
    if not _AMOUNT.match(text):
        raise FieldError(N_("Schrijf het bedrag als 1234 of 1.234,56 (punt voor duizendtallen, komma voor centen)."))
    try:
        value = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise FieldError(N_("Het bedrag is geen getal.")) from exc
    euros = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if euros <= 0 or euros > MAX_AMOUNT_EUROS:
        raise FieldError(N_("Het bedrag moet groter dan 0 zijn."))
    return euros


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def parse_date(raw: str, today: date, *, required: bool) -> date | None:
    text = (raw or "").strip()
    if not text:
        if required:
            raise FieldError(N_("De datum ontbreekt."))
        return None
    iso, dutch = _ISO_DATE.match(text), _DUTCH_DATE.match(text)
    try:
        if iso:
            value = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif dutch:
            value = date(int(dutch.group(3)), int(dutch.group(2)), int(dutch.group(1)))
        else:
            raise ValueError(text)
    except ValueError as exc:
        raise FieldError(N_("Schrijf de datum als 2026-11-30 of 30-11-2026.")) from exc
    if value > today:
        raise FieldError(N_("Deze datum ligt in de toekomst (na %(today)s)."), today=today.isoformat())
    return value


def parse_partner_type(raw: str) -> str:
    text = (raw or "").strip()
    for member in SignaalpartnerType:
        if text.casefold() == member.value.casefold():
            return member.value
    raise FieldError(N_("Onbekend type signaalpartner. Kies uit: %(types)s."),
                     types=", ".join(member.value for member in SignaalpartnerType))


def parse_flag(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    text = ("" if raw is None else str(raw)).strip().casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise FieldError(N_("Schrijf ja of nee."))


def parse_postcode(raw: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return full_postcode(text)
    except InvalidPostcode as exc:
        raise FieldError(N_("Een postcode is 4 cijfers en 2 letters, zoals 2651 AB.")) from exc


def parse_huisnummer(raw) -> str | None:
    text = ("" if raw is None else str(raw)).strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 99999:
        raise FieldError(N_("Een huisnummer is een getal, zoals 12. Een letter of toevoeging hoort in 'toevoeging'."))
    return str(int(text))


def parse_toevoeging(raw: str) -> str | None:
    text = re.sub(r"[\s-]", "", raw or "").upper()
    if not text:
        return None
    if len(text) > 4 or not text.isalnum():
        raise FieldError(N_("Een toevoeging is kort, zoals A of 2HG."))
    return text


# Dutch mobile numbers, most of a file: libphonenumber's NL mobile pattern is 6[1-58]\d{7}, so these are valid and
# their E.164 form is known without the (slow) full parse; tests/rules/test_signal_file.py checks they agree.
_NL_MOBILE = re.compile(r"^(?:\+31|0031|0)(6[1-58]\d{7})$")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


def parse_phone(raw: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    mobile = _NL_MOBILE.match(_PHONE_SEPARATORS.sub("", text))
    if mobile:
        return "+31" + mobile.group(1)
    number = e164(text)
    if number is None:
        raise FieldError(N_("Dit is geen geldig telefoonnummer."))
    return number


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_email(raw: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > MAX_FIELD or not _EMAIL.match(text):
        raise FieldError(N_("Dit is geen geldig e-mailadres."))
    return text


def parse_text(raw) -> str | None:
    text = ("" if raw is None else str(raw)).strip()
    if len(text) > MAX_FIELD:
        raise FieldError(N_("Deze tekst is te lang (meer dan %(max)s tekens)."), max=MAX_FIELD)
    return text or None


def parse_id(raw) -> str:
    text = ("" if raw is None else str(raw)).strip()
    if not text:
        raise FieldError(N_("Het signaal-ID ontbreekt."))
    if len(text) > MAX_ID:
        raise FieldError(N_("Het signaal-ID is te lang (meer dan %(max)s tekens)."), max=MAX_ID)
    return text


# ---- one record --------------------------------------------------------------------------------------------------

def _record(values: dict, names: dict[str, str], where: str, today: date) -> tuple[ParsedSignal | None, list[Problem]]:
    """values: our field name -> raw value; names: our field name -> the name the file uses (for messages)."""
    problems: list[Problem] = []
    parsed: dict = {}

    def take(key: str, parse, *args, **kwargs):
        try:
            parsed[key] = parse(values.get(key), *args, **kwargs)
        except FieldError as exc:
            problems.append(Problem(where, names.get(key, key), exc.msgid, exc.params))

    take("signaal_id", parse_id)
    take("signaalpartner_type", parse_partner_type)
    take("signaalpartner_naam", parse_text)
    take("bedrag", parse_amount)
    take("ontstaansdatum", parse_date, today, required=False)
    take("signaaldatum", parse_date, today, required=True)
    for flag in ("crisissignaal", "einde_levering", "warme_overdracht"):
        take(flag, parse_flag)
    take("bsn", parse_bsn)
    take("postcode", parse_postcode)
    take("huisnummer", parse_huisnummer)
    take("toevoeging", parse_toevoeging)
    for text in ("naam", "straat", "woonplaats"):
        take(text, parse_text)
    take("geboortedatum", parse_date, today, required=False)
    take("telefoon", parse_phone)
    take("email", parse_email)
    if problems:
        return None, problems
    if not parsed["bsn"] and not (parsed["postcode"] and parsed["huisnummer"]):
        return None, [Problem(where, names["bsn"], N_("Vul een BSN in, of een postcode en huisnummer: zonder een van "
                                                      "beide is het huishouden niet te vinden."))]
    if parsed["ontstaansdatum"] and parsed["ontstaansdatum"] > parsed["signaaldatum"]:
        return None, [Problem(where, names["ontstaansdatum"],
                              N_("De achterstand kan niet na de signaaldatum ontstaan zijn."))]
    return ParsedSignal(
        external_id=parsed["signaal_id"], partner_type=parsed["signaalpartner_type"],
        partner_name=parsed["signaalpartner_naam"], amount_euros=parsed["bedrag"], arose_on=parsed["ontstaansdatum"],
        signalled_on=parsed["signaaldatum"], crisis=parsed["crisissignaal"], end_of_supply=parsed["einde_levering"],
        warm_handover=parsed["warme_overdracht"], bsn=parsed["bsn"], postcode=parsed["postcode"],
        huisnummer=parsed["huisnummer"], toevoeging=parsed["toevoeging"], name=parsed["naam"],
        street=parsed["straat"], city=parsed["woonplaats"], birth_date=parsed["geboortedatum"],
        phone=parsed["telefoon"], email=parsed["email"], where=where), []


# ---- whole files -------------------------------------------------------------------------------------------------

def _text_stream(binary: IO[bytes]) -> io.TextIOWrapper:
    """UTF-8, a BOM skipped; a decoding error surfaces while reading (see _decode_problem)."""
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")


def _encoding_problem(sample: bytes, line: int | None) -> Problem:
    try:
        sample.decode("cp1252")
        looks_cp1252 = True
    except UnicodeDecodeError:
        looks_cp1252 = False
    where = "" if line is None else str(line)
    if looks_cp1252:
        return Problem(where, "", N_("Het bestand is niet als UTF-8 opgeslagen (waarschijnlijk Windows-1252, de gewone "
                                    "'CSV' van Excel). Sla het in Excel op als 'CSV UTF-8 (door komma's "
                                    "gescheiden)' en probeer het opnieuw."))
    return Problem(where, "", N_("Het bestand is geen tekst in UTF-8. Sla het op als 'CSV UTF-8' of lever JSON aan."))


def _sniff_encoding(binary: IO[bytes]) -> None:
    """Check the first part of the file before the CSV reader starts: a cp1252 file fails here, with its reason."""
    head = binary.read(64 * 1024)
    binary.seek(0)
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        raise FileUnreadable(Problem("", "", N_("Het bestand is als UTF-16 opgeslagen. Sla het op als 'CSV UTF-8'.")))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut off at the end of the sample
            line = head[:exc.start].count(b"\n") + 1
            raise FileUnreadable(_encoding_problem(head, line)) from exc


def _header(line: str) -> tuple[str, list[str]]:
    """The delimiter and the column names; refuses a header that splits into none of our columns."""
    best: tuple[int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        names = [name.strip().strip('"').strip().lower() for name in next(csv.reader([line], delimiter=delimiter))]
        known = sum(1 for name in names if name in COLUMNS)
        if best is None or known > best[0]:
            best = (known, delimiter, names)
    known, delimiter, names = best
    if known <= 1:
        raise FileUnreadable(Problem("1", "", N_("De kolommen zijn niet te lezen: de kopregel moet de kolomnamen "
                                                 "bevatten (zoals signaal_id;bedrag;...), gescheiden door een "
                                                 "puntkomma (;) of een komma (,).")))
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise FileUnreadable(Problem("1", ", ".join(missing),
                                     N_("Deze kolommen ontbreken in de kopregel: %(columns)s."),
                                     {"columns": ", ".join(missing)}))
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise FileUnreadable(Problem("1", ", ".join(unknown),
                                     N_("Deze kolommen kennen we niet: %(columns)s. Controleer de spelling."),
                                     {"columns": ", ".join(unknown)}))
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise FileUnreadable(Problem("1", ", ".join(doubled), N_("Deze kolommen staan er twee keer in: %(columns)s."),
                                     {"columns": ", ".join(doubled)}))
    return delimiter, names


def read_csv(binary: IO[bytes], today: date) -> Iterator[ParsedSignal | Problem]:
    """Each line as a signal or its problems, streaming. Raises FileUnreadable for the file as a whole."""
    _sniff_encoding(binary)
    text = _text_stream(binary)
    line_number = 1
    try:
        first = text.readline()
        if not first.strip():
            raise FileUnreadable(Problem("", "", N_("Het bestand is leeg.")))
        delimiter, names = _header(first.rstrip("\r\n"))
        column_names = {name: name for name in COLUMNS}
        reader = csv.reader(text, delimiter=delimiter)
        for row in reader:
            line_number = reader.line_num + 1
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != len(names):
                other = next(d for d in DELIMITERS if d != delimiter)
                hint = (N_("Deze regel heeft %(found)s velden, de kopregel %(expected)s. Gebruik in het hele bestand "
                           "hetzelfde scheidingsteken (%(delimiter)s), en zet tekst met een %(delimiter)s erin tussen "
                           "aanhalingstekens."))
                yield Problem(str(line_number), "", hint, {"found": len(row), "expected": len(names),
                                                          "delimiter": delimiter, "other": other})
                continue
            signal, problems = _record(dict(zip(names, row, strict=True)), column_names, str(line_number), today)
            yield from problems
            if signal is not None:
                yield signal
    except UnicodeDecodeError as exc:
        raise FileUnreadable(_encoding_problem(exc.object, line_number + 1)) from exc
    except csv.Error as exc:
        raise FileUnreadable(Problem(str(line_number), "", N_("Deze regel is geen geldige CSV (let op "
                                                              "aanhalingstekens)."))) from exc
    finally:
        text.detach()


# JSON: our field name -> (the key in the DDAS Vroegsignaal, or in our own `contact` object).
JSON_NAMES = {
    "signaal_id": "ID", "crisissignaal": "crisissignaal", "warme_overdracht": "warmeOverdracht", "bedrag": "bedrag",
    "ontstaansdatum": "ontstaansdatum", "signaaldatum": "signaaldatum", "signaalpartner_type": "signaalpartner.type",
    "signaalpartner_naam": "signaalpartner.naam", "einde_levering": "eindeLevering",
    "bsn": "client.burgerservicenummer", "postcode": "client.postcode", "huisnummer": "client.huisnummer",
    "toevoeging": "client.huisnummertoevoeging", "geboortedatum": "client.geboortedatum",
    "naam": "contact.naam", "straat": "contact.straat", "woonplaats": "contact.woonplaats",
    "telefoon": "contact.telefoon", "email": "contact.email",
}


def _json_values(item: dict) -> dict:
    values = {}
    for ours, path in JSON_NAMES.items():
        node = item
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, int | float) and not isinstance(node, bool) and ours == "bedrag":
            node = str(node).replace(".", ",")  # JSON numbers: 123.45 means euros and cents
        values[ours] = node if node is None or isinstance(node, bool) else str(node)
    return values


def read_json(binary: IO[bytes], today: date) -> Iterator[ParsedSignal | Problem]:
    """A DDAS delivery: {"leveringen": [{"vroegsignalen": [...]}]}. Loaded whole (a size limit applies upstream)."""
    _sniff_encoding(binary)
    text = _text_stream(binary)
    try:
        data = json.load(text)
    except UnicodeDecodeError as exc:
        raise FileUnreadable(_encoding_problem(exc.object, None)) from exc
    except json.JSONDecodeError as exc:
        raise FileUnreadable(Problem(str(exc.lineno), "", N_("Dit is geen geldige JSON (regel %(line)s, kolom "
                                                             "%(column)s)."),
                                     {"line": exc.lineno, "column": exc.colno})) from exc
    finally:
        text.detach()  # the caller's file stays open (the second pass reads it again)
    deliveries = data.get("leveringen") if isinstance(data, dict) else None
    if not isinstance(deliveries, list):
        raise FileUnreadable(Problem("", "leveringen", N_("Het JSON-bestand mist 'leveringen' (een lijst met "
                                                          "'vroegsignalen'), zoals in het DDAS-uitwisselmodel.")))
    for d, delivery in enumerate(deliveries):
        signals = delivery.get("vroegsignalen") if isinstance(delivery, dict) else None
        if not isinstance(signals, list):
            yield Problem(f"leveringen[{d}]", "vroegsignalen", N_("Hier hoort een lijst 'vroegsignalen'."))
            continue
        for s, item in enumerate(signals):
            where = f"leveringen[{d}].vroegsignalen[{s}]"
            if not isinstance(item, dict):
                yield Problem(where, "", N_("Een vroegsignaal is een object met ID, bedrag, signaaldatum, ..."))
                continue
            signal, problems = _record(_json_values(item), JSON_NAMES, where, today)
            yield from problems
            if signal is not None:
                yield signal


def read_signals(binary: IO[bytes], today: date, *, kind: str) -> Iterator[ParsedSignal | Problem]:
    """kind: "csv" or "json"."""
    return read_json(binary, today) if kind == "json" else read_csv(binary, today)


def file_kind(head: bytes) -> str:
    """JSON when the first non-blank character (after a BOM) is "{", else CSV."""
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return "json" if stripped.startswith(b"{") else "csv"


@dataclass(frozen=True)
class FileCheck:
    """The first pass: how many signals the file holds, and what is wrong (at most MAX_PROBLEMS, then a count)."""

    signals: int
    problems: list[Problem]
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(binary: IO[bytes], today: date, *, kind: str) -> FileCheck:
    """Read the whole file once, keeping only the ids (for duplicates) and the problems; rewinds it afterwards."""
    problems: list[Problem] = []
    more = 0
    count = 0
    first_seen: dict[str, str] = {}

    def add(problem: Problem) -> None:
        nonlocal more
        if len(problems) < MAX_PROBLEMS:
            problems.append(problem)
        else:
            more += 1

    try:
        for item in read_signals(binary, today, kind=kind):
            if isinstance(item, Problem):
                add(item)
                continue
            count += 1
            where = item.where
            if item.external_id in first_seen:
                add(Problem(where, "signaal_id" if kind == "csv" else "ID",
                            N_("Dit signaal-ID staat al eerder in het bestand (%(first)s). Elk signaal heeft een "
                               "eigen ID."), {"first": first_seen[item.external_id]}))
            else:
                first_seen[item.external_id] = where
    except FileUnreadable as exc:
        add(exc.problem)
    binary.seek(0)
    if count == 0 and not problems:
        problems.append(Problem("", "", N_("Het bestand bevat geen signalen.")))
    return FileCheck(count, problems, more)
