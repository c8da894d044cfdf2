"""Print the first-round-trip weight (HTML + CSS, gzip) of every resident page, per language.

    .venv/bin/python scripts/page_weights.py
Runs against a throwaway SQLite database with the demo municipalities; the budget is 14 KB per page.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.services.municipalities import load_municipalities  # noqa: E402
from scripts.resident_walk import BUDGET_BYTES, CALM, DEFAULT_STEPS, follow_forms, page_weight, send_form  # noqa: E402

CRISIS_ANSWERS = {**CALM, "crisis": ["eviction"], "postcode": "2651"}


def _crisis_answer(question: str) -> dict:
    return {"answer": CRISIS_ANSWERS[question]}


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"PORTAL_ENV": "testing", "SECRET_KEY": "weights", "DATABASE_URL": f"sqlite:///{folder / 'w.db'}"})
    upgrade(app)
    load_municipalities(app.extensions["db_sessionmaker"](), Path("demo/municipalities.toml"))
    worst = 0
    print(f"{'page':<40} {'lang':<5} {'html':>6} {'css':>6} {'total':>6}  (bytes, gzip -9; budget {BUDGET_BYTES})")
    for lang in app.config["SUPPORTED_LOCALES"]:
        client = app.test_client()
        client.get(f"/taal/{lang}")
        weights = [page_weight(client, path) for path in ("/", "/uw-gemeente", "/geldcheck")]
        send_form(client, "/geldcheck/start", {}, form_page="/geldcheck")
        follow_forms(client, "/geldcheck/vraag/group", "/geldcheck/vraag/", _crisis_answer)
        weights += [page_weight(client, f"/geldcheck/vraag/{q}") for q in ("group", "bills_behind", "postcode")]
        weights.append(page_weight(client, "/geldcheck/overzicht"))
        send_form(client, "/geldcheck/uitslag", {}, form_page="/geldcheck/overzicht")
        weights.append(page_weight(client, "/geldcheck/uitslag"))
        follow_forms(client, send_form(client, "/aanmelden/start", {}, form_page="/aanmelden"), "/aanmelden/stap/",
                     DEFAULT_STEPS.__getitem__)
        weights += [page_weight(client, path) for path in ["/aanmelden", "/aanmelden/controleren"]
                    + [f"/aanmelden/stap/{s}" for s in DEFAULT_STEPS]]
        send_form(client, "/aanmelden/controleren", {})
        weights.append(page_weight(client, "/aanmelden/klaar"))
        for weight in weights:
            total = weight["html_gzip"] + weight["css_gzip"]
            worst = max(worst, total)
            print(f"{weight['path']:<40} {lang:<5} {weight['html_gzip']:>6} {weight['css_gzip']:>6} {total:>6}")
    print(f"heaviest page: {worst} bytes of {BUDGET_BYTES}")
    return 0 if worst <= BUDGET_BYTES else 1


if __name__ == "__main__":
    raise SystemExit(main())
