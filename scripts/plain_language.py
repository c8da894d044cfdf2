"""Plain-language report for the Dutch resident pages: sentences, longest sentence, Flesch-Douma score.

    .venv/bin/python scripts/plain_language.py
The same checks run in the test suite (tests/test_plain_language.py); this prints the figures per page.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402
from portal.migrate import upgrade  # noqa: E402
from portal.services.municipalities import load_municipalities  # noqa: E402
from tests.conftest import page  # noqa: E402
from tests.plain_language import MIN_SCORE, report  # noqa: E402
from tests.test_plain_language import resident_pages  # noqa: E402


def main() -> int:
    folder = Path(tempfile.mkdtemp())
    app = create_app({"PORTAL_ENV": "testing", "SECRET_KEY": "plain", "DATABASE_URL": f"sqlite:///{folder / 'p.db'}"})
    upgrade(app)
    load_municipalities(app.extensions["db_sessionmaker"](), Path("demo/municipalities.toml"))
    client = app.test_client()
    print(f"{'page':<36} {'sentences':>9} {'longest':>7} {'score':>6}  (Flesch-Douma, at least {MIN_SCORE})")
    worst = 100.0
    for name, response in resident_pages(client):
        result = report(name, page(response).select_one("main").get_text("\n"))
        worst = min(worst, result.score)
        print(f"{name[:36]:<36} {result.sentences:>9} {result.longest:>7} {result.score:>6.0f}")
    print(f"lowest score: {worst:.0f}")
    return 0 if worst >= MIN_SCORE else 1


if __name__ == "__main__":
    raise SystemExit(main())
