"""Generate the demo files of early-warning signals (invented people), one per demo municipality, seeded.

    .venv/bin/python scripts/make_demo_signals.py                 # rewrites demo/signals/<slug>.csv
    .venv/bin/python scripts/make_demo_signals.py --count 50000 --slug lansingerland --out /tmp/big.csv

Every person, address, phone number and BSN is made up (the BSNs pass the 11-test, so the import accepts them; the
phone numbers are in 06 ranges and may belong to someone: the demo never sends to them, the outbox keeps them).
What the files show: households with several signals (rent arrears that rise, rent and energy together), crisis
signals (eviction, cut-off), one energy end-of-supply notice, one signal below the threshold, and one of a partner
type the municipality does not take up. Signals fall in the weeks before --end (default a fixed day, so the files do
not change between runs); `flask demo-data` imports them.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.rules.signal_file import COLUMNS  # noqa: E402

DEMO_END = date(2026, 12, 1)
SIGNALS_PER_MUNICIPALITY = {"lansingerland": 60, "groningen": 120, "lochem": 40}

FIRST_NAMES = ("Anna", "Bram", "Carmen", "Daan", "Esra", "Fatima", "Gijs", "Hanna", "Ilse", "Joost", "Kees", "Lotte",
               "Mohamed", "Noor", "Olga", "Pieter", "Rana", "Sanne", "Tomasz", "Yusuf", "Zeynep", "Wim", "Iris",
               "Ahmed", "Marieke", "Dirk", "Oksana", "Semhar", "Luuk", "Sara")
LAST_NAMES = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters",
              "Hendriks", "El Amrani", "Yilmaz", "Kowalski", "Tesfay", "Kovalenko", "van Dijk", "Dekker", "Brouwer")
STREETS = ("Dorpsstraat", "Kerklaan", "Molenweg", "Schoolstraat", "Beukenlaan", "Parallelweg", "Zuidsingel",
           "Oosterkade", "Lindenhof", "Vlietland", "Akkerwinde", "Boterbloem")
PARTNERS = {"Huur": "Woningstichting Demo", "Energie": "Energiebedrijf Demo", "Water": "Waterbedrijf Demo",
            "Zorg": "Zorgverzekeraar Demo", "CAK Zorgverzekeringen": "CAK"}
AMOUNTS = {"Huur": (350, 2400), "Energie": (90, 900), "Water": (60, 300), "Zorg": (150, 1200),
           "CAK Zorgverzekeringen": (400, 1800)}
LETTERS = "ABCDEFGHJKLMNPRTVWXZ"


def bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10 and any(digits):
            return "".join(map(str, digits)) + str(check)


def _amount(rng: random.Random, partner_type: str) -> str:
    low, high = AMOUNTS[partner_type]
    cents = rng.randint(low * 100, high * 100)
    euros, rest = divmod(cents, 100)
    text = f"{euros:,}".replace(",", ".")
    return f"{text},{rest:02d}"  # Dutch notation, as a matching system exports it


def _postcode(rng: random.Random, ranges: list[str]) -> str:
    low, _, high = rng.choice(ranges).partition("-")
    return f"{rng.randint(int(low), int(high or low))} {rng.choice(LETTERS)}{rng.choice(LETTERS)}"


def _person(rng: random.Random, ranges: list[str], city: str, index: int) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    has_bsn = rng.random() < 0.7
    return {
        "naam": f"{first} {last}", "straat": rng.choice(STREETS), "postcode": _postcode(rng, ranges),
        "huisnummer": str(rng.randint(1, 240)), "toevoeging": rng.choice(["", "", "", "", "A", "B", "2"]),
        "woonplaats": city, "bsn": bsn(rng) if has_bsn else "",
        "geboortedatum": (date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))).isoformat(),
        "telefoon": f"06 {rng.randint(10, 59)}{rng.randint(0, 999999):06d}" if rng.random() < 0.8 else "",
        "email": f"demo.{index}@example.com" if rng.random() < 0.5 else "",
    }


def _signal(rng: random.Random, slug: str, number: int, person: dict, partner_type: str, on: date, *,
            amount: str | None = None, crisis: bool = False, end_of_supply: bool = False) -> dict:
    arose = on - timedelta(days=rng.randint(30, 120))
    return {**person, "signaal_id": f"{slug[:3].upper()}-{number:06d}", "signaalpartner_type": partner_type,
            "signaalpartner_naam": PARTNERS.get(partner_type, "Overige demo"),
            "bedrag": amount or _amount(rng, partner_type), "ontstaansdatum": arose.isoformat(),
            "signaaldatum": on.isoformat(), "crisissignaal": "ja" if crisis else "nee",
            "einde_levering": "ja" if end_of_supply else "nee", "warme_overdracht": "nee"}


def generate(slug: str, ranges: list[str], city: str, count: int, *, seed: int = 17,
             end: date = DEMO_END, days: int = 60) -> list[dict]:
    """About `count` signals; the first few rows are the special cases the demo shows."""
    rng = random.Random(f"{seed}-{slug}")
    rows: list[dict] = []

    def day() -> date:
        return end - timedelta(days=rng.randint(0, days))

    def person() -> dict:
        return _person(rng, ranges, city, len(rows))

    # The cases a new user should see, whatever the count.
    first, later = end - timedelta(days=40), end - timedelta(days=10)
    rising = person()  # rent arrears that rise: call, then home visit
    rows.append(_signal(rng, slug, len(rows) + 1, rising, "Huur", first, amount="650,00"))
    rows.append(_signal(rng, slug, len(rows) + 1, rising, "Huur", later, amount="1.300,00"))
    mixed = person()  # rent and energy: several partners
    rows.append(_signal(rng, slug, len(rows) + 1, mixed, "Huur", day()))
    rows.append(_signal(rng, slug, len(rows) + 1, mixed, "Energie", day()))
    rows.append(_signal(rng, slug, len(rows) + 1, person(), "Huur", day(), crisis=True))  # eviction
    rows.append(_signal(rng, slug, len(rows) + 1, person(), "Energie", day(), crisis=True))  # cut-off
    rows.append(_signal(rng, slug, len(rows) + 1, person(), "Energie", day(), end_of_supply=True))
    rows.append(_signal(rng, slug, len(rows) + 1, person(), "Water", day(), amount="23,40"))  # below the threshold
    rows.append(_signal(rng, slug, len(rows) + 1, person(), "DUO", day(), amount="480,00"))  # type not taken up
    types = ("Huur", "Huur", "Zorg", "Zorg", "Energie", "Energie", "Water", "CAK Zorgverzekeringen")
    while len(rows) < count:
        who = person()
        for _ in range(1 if rng.random() < 0.85 else rng.randint(2, 3)):
            if len(rows) >= count:
                break
            rows.append(_signal(rng, slug, len(rows) + 1, who, rng.choice(types), day(),
                                crisis=rng.random() < 0.03))
    return rows


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def _municipalities() -> dict[str, dict]:
    data = tomllib.loads((ROOT / "demo" / "municipalities.toml").read_text(encoding="utf-8"))
    return {entry["slug"]: entry for entry in data["municipality"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", help="one municipality (default: every demo municipality)")
    parser.add_argument("--count", type=int, help="signals per file (default: the demo numbers)")
    parser.add_argument("--out", type=Path, help="the file to write (with --slug)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--end", type=date.fromisoformat, default=DEMO_END, help="the newest signal date")
    args = parser.parse_args(argv)
    municipalities = _municipalities()
    for slug in [args.slug] if args.slug else list(SIGNALS_PER_MUNICIPALITY):
        entry = municipalities[slug]
        count = args.count or SIGNALS_PER_MUNICIPALITY[slug]
        days = 60 if count < 1000 else 365
        rows = generate(slug, entry["postcodes"], entry["name"], count, seed=args.seed, end=args.end, days=days)
        path = args.out if args.out and args.slug else ROOT / "demo" / "signals" / f"{slug}.csv"
        write_csv(path, rows)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} signals")


if __name__ == "__main__":
    main()
