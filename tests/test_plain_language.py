"""Every Dutch text a resident reads is plain (B1): short sentences, no unexplained jargon, an easy page score."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import page
from tests.plain_language import MAX_AVERAGE, MAX_WORDS, MIN_SCORE, jargon_in, report, sentences, words

ROOT = Path(__file__).resolve().parent.parent
RESIDENT_SOURCES = ("templates/resident/", "templates/components/", "templates/errors/", "templates/base.html",
                    "questionnaires/", "portal/resident/", "portal/errors.py", "portal/domain/partners.py")


@pytest.fixture(scope="module")
def resident_texts(tmp_path_factory) -> list[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "-k", "N_", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as f:
        catalogue = read_po(f)
    return [m.id for m in catalogue if m.id and any(loc.startswith(RESIDENT_SOURCES) for loc, _ in m.locations)]


def test_no_sentence_longer_than_twenty_words(resident_texts):
    long = sorted(((len(words(s)), s) for text in resident_texts for s in sentences(text)), reverse=True)
    offenders = [f"{n} words: {s}" for n, s in long if n > MAX_WORDS]
    assert offenders == [], "Sentences too long:\n" + "\n".join(offenders[:10])


def test_sentences_are_short_on_average(resident_texts):
    lengths = [len(words(s)) for text in resident_texts for s in sentences(text)]
    average = sum(lengths) / len(lengths)
    assert average <= MAX_AVERAGE, f"average sentence length {average:.1f} words"


def test_no_unexplained_jargon(resident_texts):
    offenders = [f"{jargon_in(t)}: {t}" for t in resident_texts if jargon_in(t)]
    assert offenders == [], "\n".join(offenders)


def test_the_check_itself_catches_jargon_and_long_sentences():
    assert jargon_in("U krijgt een beschikking.") == ["beschikking"]
    assert jargon_in("Een beschikking: dat is een brief met het besluit.") == []
    assert len(words(sentences("Een " * 25 + "zin.")[0])) == 26


def resident_pages(client):
    """(name, html) for the pages a resident sees, reached the way a resident reaches them."""
    from tests.questionnaire.conftest import CALM
    from tests.resident.signup_helpers import fill_steps, submit
    from tests.resident.test_selftest_views import finish, walk

    pages = [(path, client.get(path)) for path in ("/", "/uw-gemeente", "/geldcheck", "/aanmelden", "/vraag-stellen",
                                                   "/vraag-ophalen", "/toegankelijkheid", "/geschiedenis-wissen",
                                                   "/geen-pagina")]
    walk(client, {**CALM, "collectors": "bailiff", "postcode": "2651"})
    pages += [("/geldcheck/vraag/crisis", client.get("/geldcheck/vraag/crisis")),
              ("/geldcheck/overzicht", client.get("/geldcheck/overzicht"))]
    finish(client)
    pages.append(("/geldcheck/uitslag (debt help)", client.get("/geldcheck/uitslag")))
    halfway = client.application.test_client()
    location = fill_steps(halfway, stop_before="contact")
    pages.append((location, halfway.get(location)))
    check = fill_steps(client)
    pages.append((check, client.get(check)))
    submit(client)
    pages.append(("/aanmelden/klaar", client.get("/aanmelden/klaar")))
    return pages


def test_every_resident_page_reads_easily(client, municipalities):
    reports = [report(name, page(response).select_one("main").get_text("\n")) for name, response in
               resident_pages(client)]
    worst = sorted(reports, key=lambda r: r.score)
    failing = [r for r in worst if r.score < MIN_SCORE]
    assert failing == [], "\n".join(f"{r.name}: score {r.score:.0f}, longest {r.longest} words: {r.longest_sentence}"
                                    for r in failing)
