"""Letters as PDF (portal/letters/): what goes into WeasyPrint, and what comes out."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale
from weasyprint import HTML

from portal import letters
from portal.resident.signup_messages import confirmation_message
from portal.services.letters import reference_of
from tests.letter_fixtures import ADDRESS, queue_letter

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "letters"
TODAY = date(2026, 12, 7)


def _pages(html: str) -> int:
    return len(HTML(string=html).render().pages)


@pytest.fixture
def letter_of(app, db_session, make_case):
    def make(language: str = "nl", **case_fields):
        case = make_case(call_name=case_fields.pop("call_name", "Sam"),
                         answers={"contact": {"postal_address": ADDRESS}}, **case_fields)
        with app.test_request_context(), force_locale(language):
            subject, body = confirmation_message(case)
        return queue_letter(db_session, case, language=language, subject=subject, body=body)
    return make


def test_a_letter_holds_what_the_resident_needs_to_answer_it(app, letter_of):
    letter = letter_of()
    case = letter.aanmelding
    with app.test_request_context():
        rendered = letters.letters_html([letter], today=TODAY)
        body = letters.pdf(rendered.html)
    assert body.startswith(b"%PDF-") and _pages(rendered.html) == 1
    article = BeautifulSoup(rendered.html, "html.parser").select_one("article.letter")
    text = article.get_text(" ", strip=True)
    link = article.select_one(".link").get_text(strip=True)
    assert "14 010" in text and "Postbus 4801" in text and "2650 DX  BERGSCHENHOEK" in text  # letterhead
    assert case.reference in text and "Beste Sam," in text and "7 december 2026" in text
    assert article.select_one(".recipient").get_text("|", strip=True) == "Sam|Dorpsstraat 1|2651 AB Berkel en Rodenrijs"
    assert re.fullmatch(r"http://localhost:5000/b/[A-Za-z0-9_.-]+", link)
    assert reference_of(app.config["SECRET_KEY"], link.rsplit("/", 1)[1]) == letter.reference
    assert article.select_one(".qr svg") is not None, "the QR code is drawn inline: WeasyPrint fetches nothing"
    assert (article["lang"], article["dir"]) == ("nl", "ltr")


def test_an_arabic_letter_reads_right_to_left_in_arabic_but_the_window_stays_put(app, letter_of):
    letter = letter_of("ar")
    with app.test_request_context():
        rendered = letters.letters_html([letter], today=TODAY)
    article = BeautifulSoup(rendered.html, "html.parser").select_one("article.letter")
    assert (article["lang"], article["dir"]) == ("ar", "rtl")
    assert article.select_one(".window-row")["dir"] == "ltr", "the envelope's window is on the left in any language"
    assert re.search("[\u0600-\u06ff]", article.h1.get_text()), "the subject in Arabic"
    assert [b.get_text() for b in article.select("p bdi[dir=ltr]")].count("14 010") >= 2, \
        "the phone number in the text and the contact lines stays left to right"


def test_a_batch_puts_each_letter_on_its_own_pages_in_its_own_language(app, letter_of):
    batch = [letter_of("nl"), letter_of("ar"), letter_of("ti")]
    with app.test_request_context():
        rendered = letters.letters_html(batch, today=TODAY)
        body = letters.pdf(rendered.html)
    soup = BeautifulSoup(rendered.html, "html.parser")
    assert [a["lang"] for a in soup.select("article.letter")] == ["nl", "ar", "ti"]
    assert rendered.count == 3 and _pages(rendered.html) == 3
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "batch-nl-ar-ti.pdf").write_bytes(body)  # for a look: pdftoppm -png -r 60 batch-nl-ar-ti.pdf


def test_weasyprint_fetches_nothing_a_letter_names(app, letter_of, monkeypatch):
    letter = letter_of(call_name='Sam <img src="http://127.0.0.1:9/x.png">')
    with app.test_request_context():
        rendered = letters.letters_html([letter], today=TODAY)
    assert "<img" not in rendered.html, "the name is escaped"
    fetched = []
    monkeypatch.setattr("weasyprint.urls.URLFetcher.open", lambda self, *a, **k: fetched.append(a))
    with app.test_request_context():
        letters.pdf(rendered.html.replace("</body>", '<img src="http://127.0.0.1:9/y.png"></body>'))
    assert fetched == []
