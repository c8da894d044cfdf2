"""Reading a signals file: every bad input the issue names gives a problem with its line (or JSON path) and field."""

import io
import json
from datetime import date

import pytest

from portal.rules.signal_file import (
    COLUMNS,
    FieldError,
    ParsedSignal,
    Problem,
    check_file,
    parse_amount,
    passes_elfproef,
)

TODAY = date(2026, 12, 7)
GOOD = {"signaal_id": "L-1", "signaalpartner_type": "Huur", "signaalpartner_naam": "Woningstichting Demo",
        "bedrag": "1.234,56", "ontstaansdatum": "2026-09-01", "signaaldatum": "2026-11-30", "crisissignaal": "nee",
        "einde_levering": "nee", "warme_overdracht": "nee", "bsn": "111222333", "postcode": "2651 ab",
        "huisnummer": "12", "toevoeging": "a", "naam": "Anna de Vries", "straat": "Dorpsstraat",
        "woonplaats": "Berkel", "geboortedatum": "1980-02-03", "telefoon": "06 12345678", "email": "anna@example.com"}


def csv_bytes(rows, *, columns=COLUMNS, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    lines = [delimiter.join(columns)] + [delimiter.join(row.get(c, "") for c in columns) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def check(data: bytes, kind="csv"):
    return check_file(io.BytesIO(data), TODAY, kind=kind)


def only_problem(data: bytes, kind="csv") -> Problem:
    result = check(data, kind)
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_a_good_line_is_read_with_every_field_normalised():
    from portal.rules.signal_file import read_csv

    [signal] = list(read_csv(io.BytesIO(csv_bytes([GOOD])), TODAY))
    assert isinstance(signal, ParsedSignal)
    assert (signal.amount_euros, signal.postcode, signal.toevoeging, signal.phone) == (1235, "2651 AB", "A",
                                                                                       "+31612345678")
    assert signal.signalled_on == date(2026, 11, 30) and signal.birth_date == date(1980, 2, 3)
    assert check(csv_bytes([GOOD])).ok


def test_utf8_with_a_byte_order_mark_is_accepted():
    result = check(csv_bytes([GOOD | {"naam": "Zeynep Yılmaz"}], bom=True))
    assert result.ok and result.signals == 1


def test_windows_1252_is_refused_with_how_to_save_as_utf8():
    problem = only_problem(csv_bytes([GOOD | {"naam": "Anaïs Müller"}], encoding="cp1252"))
    assert problem.where == "2"
    assert "Windows-1252" in problem.msgid and "CSV UTF-8" in problem.msgid


def test_a_comma_file_is_read_like_a_semicolon_file():
    assert check(csv_bytes([GOOD | {"bedrag": "80", "naam": "Anna"}], delimiter=",")).ok


def test_a_line_with_the_other_delimiter_names_its_line():
    data = csv_bytes([GOOD]) + ",".join(GOOD[c] for c in COLUMNS).replace("1.234,56", "80").encode() + b"\r\n"
    problem = only_problem(data)
    assert problem.where == "3" and "scheidingsteken" in problem.msgid


def test_a_header_with_tabs_is_refused_as_unreadable_columns():
    problem = only_problem(csv_bytes([GOOD], delimiter="\t"))
    assert problem.where == "1" and "puntkomma" in problem.msgid


def test_missing_columns_are_named():
    columns = tuple(c for c in COLUMNS if c not in ("bsn", "bedrag"))
    problem = only_problem(csv_bytes([GOOD], columns=columns))
    assert problem.params == {"columns": "bedrag, bsn"}


def test_an_unknown_column_is_named():
    problem = only_problem(csv_bytes([GOOD], columns=COLUMNS + ("postkode",)))
    assert problem.params == {"columns": "postkode"}


def test_a_duplicate_id_names_both_lines():
    problem = only_problem(csv_bytes([GOOD, GOOD | {"bsn": "123456782"}]))
    assert (problem.where, problem.field, problem.params) == ("3", "signaal_id", {"first": "2"})


@pytest.mark.parametrize("field,value,words", [
    ("bsn", "111222334", "elfproef"),
    ("bsn", "12345", "9 cijfers"),
    ("postcode", "2651", "2651 AB"),
    ("postcode", "26511 AB", "2651 AB"),
    ("bedrag", "12.50", "1.234,56"),
    ("bedrag", "twaalf", "1.234,56"),
    ("bedrag", "0", "groter dan 0"),
    ("signaaldatum", "2026-12-08", "toekomst"),
    ("ontstaansdatum", "2027-01-01", "toekomst"),
    ("signaaldatum", "31-02-2026", "30-11-2026"),
    ("signaalpartner_type", "Gas", "Onbekend type signaalpartner"),
    ("telefoon", "12345", "telefoonnummer"),
    ("email", "anna@", "e-mailadres"),
    ("crisissignaal", "misschien", "ja of nee"),
    ("huisnummer", "12a", "toevoeging"),
])
def test_a_bad_field_names_its_line_and_column(field, value, words):
    problem = only_problem(csv_bytes([GOOD, GOOD | {"signaal_id": "L-2", field: value}]))
    assert (problem.where, problem.field) == ("3", field)
    assert words in problem.msgid % problem.params if problem.params else words in problem.msgid


def test_a_household_needs_a_bsn_or_an_address():
    problem = only_problem(csv_bytes([GOOD | {"bsn": "", "huisnummer": ""}]))
    assert problem.field == "bsn" and "postcode en huisnummer" in problem.msgid


def test_an_address_alone_is_enough():
    assert check(csv_bytes([GOOD | {"bsn": ""}])).ok


@pytest.mark.parametrize("raw,euros", [("1.234,56", 1235), ("1234,49", 1234), ("0,50", 1), ("€ 80", 80),
                                       ("2.000.000", 2000000), ("95", 95)])
def test_dutch_amounts_become_whole_euros_half_up(raw, euros):
    assert parse_amount(raw) == euros


@pytest.mark.parametrize("raw", ["1,234.56", "12.5", "1.23,4", "-5", ""])
def test_amounts_not_in_dutch_notation_are_refused(raw):
    with pytest.raises(FieldError):
        parse_amount(raw)


def test_elfproef():
    assert passes_elfproef("111222333") and passes_elfproef("123456782")
    assert not passes_elfproef("123456789") and not passes_elfproef("000000000")


def test_problems_are_capped_with_a_count_of_the_rest():
    rows = [GOOD | {"signaal_id": f"L-{i}", "bsn": "999999999"} for i in range(150)]
    result = check(csv_bytes(rows))
    assert len(result.problems) == 100 and result.more_problems == 50


def test_an_empty_file_is_refused():
    assert "leeg" in only_problem(b"").msgid
    assert "geen signalen" in only_problem(csv_bytes([])).msgid


def ddas(signals) -> bytes:
    return json.dumps({"leveringen": [{"gemeentecode": "1621", "vroegsignalen": signals}]}).encode()


JSON_GOOD = {"ID": "J-1", "crisissignaal": True, "warmeOverdracht": False, "bedrag": 250,
             "ontstaansdatum": "2026-10-01", "signaaldatum": "2026-11-20",
             "signaalpartner": {"type": "Energie", "naam": "Energiebedrijf Demo"},
             "client": {"postcode": "2651AB", "huisnummer": "12", "huisnummertoevoeging": "b"},
             "contact": {"naam": "Bram Bakker", "telefoon": "+31 6 12345678"}}


def test_a_ddas_json_delivery_is_read():
    from portal.rules.signal_file import read_json

    [signal] = list(read_json(io.BytesIO(ddas([JSON_GOOD])), TODAY))
    assert (signal.external_id, signal.partner_type, signal.amount_euros, signal.crisis) == ("J-1", "Energie", 250,
                                                                                           True)
    assert (signal.postcode, signal.toevoeging, signal.name, signal.phone) == ("2651 AB", "B", "Bram Bakker",
                                                                               "+31612345678")


def test_a_json_problem_names_its_path_and_field():
    bad = JSON_GOOD | {"ID": "J-2", "client": {"burgerservicenummer": "123456789"}}
    problem = only_problem(ddas([JSON_GOOD, bad]), "json")
    assert (problem.where, problem.field) == ("leveringen[0].vroegsignalen[1]", "client.burgerservicenummer")


def test_json_duplicate_ids_and_broken_json():
    problem = only_problem(ddas([JSON_GOOD, JSON_GOOD]), "json")
    assert problem.where == "leveringen[0].vroegsignalen[1]" and problem.field == "ID"
    assert "geldige JSON" in only_problem(b'{"leveringen": [', "json").msgid
    assert "leveringen" in only_problem(b'{"signalen": []}', "json").msgid


def test_the_fast_path_for_dutch_mobiles_agrees_with_phonenumbers():
    import random

    from portal.rules.phone import e164
    from portal.rules.signal_file import parse_phone

    rng = random.Random(17)
    for _ in range(2000):
        digits = f"6{rng.choice('123458')}{rng.randint(0, 9999999):07d}"
        for written in (f"0{digits}", f"+31 {digits[:1]} {digits[1:]}", f"0031{digits}", f"0{digits[:1]}-{digits[1:]}"):
            assert parse_phone(written) == e164(written), written
    assert parse_phone("010 123 4567") == "+31101234567"  # not a mobile: the full parse
    with pytest.raises(FieldError):
        parse_phone("0690000000")  # 069 is no mobile range
