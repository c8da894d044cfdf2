"""Every catalogue is complete: no missing, empty or fuzzy entry (compile skips fuzzy ones silently)."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.config import SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in SUPPORTED_LOCALES if code != "nl"]


def _extract(tmp_path) -> set[str]:
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
         "-k", "lazy_gettext", "-k", "N_", "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalogue_is_complete_and_not_fuzzy(locale, tmp_path):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f)
    problems = []
    translated = set()
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {key}")
        elif not all(strings):
            problems.append(f"empty: {key}")
        translated.add(key)
    problems += [f"missing: {key}" for key in sorted(_extract(tmp_path) - translated)]
    assert problems == [], "\n".join(problems)
