"""Secret words for anonymous questions: short, common, easy to spell and to say on the phone."""

from __future__ import annotations

import secrets

WORDS = (
    "appel", "bank", "beer", "berg", "bloem", "boek", "boom", "boot", "brood", "brug", "bus", "das", "deur", "dijk",
    "duif", "eend", "ei", "fiets", "fles", "gans", "geit", "gras", "haas", "hand", "hek", "hoed", "hond", "huis",
    "jas", "kaas", "kam", "kat", "kerk", "kers", "kip", "klok", "koe", "kom", "kop", "kraan", "krant", "kust",
    "lamp", "lepel", "lucht", "maan", "markt", "melk", "mes", "mier", "molen", "muis", "muur", "nest", "noot",
    "oven", "paard", "pan", "park", "pen", "peer", "plant", "pomp", "raam", "regen", "ring", "rok", "roos", "sok",
    "soep", "spin", "stoel", "straat", "strand", "tafel", "tas", "tent", "thee", "tuin", "uil", "vaas", "vis",
    "vlag", "vogel", "vos", "vuur", "wolk", "worm", "zee", "zeep", "zon", "zout", "zwaan",
)
COUNT = 3


def new_secret() -> str:
    return " ".join(secrets.choice(WORDS) for _ in range(COUNT))


def normalise_secret(raw: str) -> str:
    return " ".join((raw or "").lower().replace(",", " ").replace("-", " ").split())
