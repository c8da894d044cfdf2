"""Cost of one encrypt + decrypt, AES-256-GCM (portal/encryption.py) against Fernet: median of several runs.

    .venv/bin/python scripts/bench_encryption.py
"""

from __future__ import annotations

import statistics
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.fernet import Fernet  # noqa: E402

from portal import encryption  # noqa: E402

RUNS, CALLS = 7, 20_000
SAMPLES = {"phone (12 B)": "+31612345678", "note (300 B)": "Heeft schulden bij de energieleverancier. " * 7,
           "draft answers (4 KB)": '{"q":"' + "x" * 4000 + '"}'}


def _median_us(statement) -> float:
    return statistics.median(timeit.repeat(statement, number=CALLS, repeat=RUNS)) / CALLS * 1e6


def main() -> None:
    key = encryption.new_key()
    encryption.configure([key])
    fernet = Fernet(key)
    for name, text in SAMPLES.items():
        aead = _median_us(lambda text=text: encryption.decrypt(encryption.encrypt(text, "t.c"), "t.c"))
        old = _median_us(lambda text=text: fernet.decrypt(fernet.encrypt(text.encode())).decode())
        sys.stdout.write(f"{name:22} AES-GCM {aead:6.1f} µs   Fernet {old:6.1f} µs   ratio {aead / old:4.2f}\n")


if __name__ == "__main__":
    main()
