"""Issue 14, items 5 and 7 on a 360x740 phone without JavaScript, in Dutch and Arabic: the municipality's number and
opening hours wherever the municipality is known (and nothing of one before), and referral links that send a
national bank's customer to the postcode first and count a municipality's own link for that municipality alone."""

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.models import SelfTestCount
from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_no_horizontal_overflow, check_page
from tests.browser.test_selftest import _answer_current_question
from tests.questionnaire.conftest import CALM

NUMBERS = {"lansingerland": "14 010", "groningen": "14 050", "lochem": "14 0573"}


def _t(live_app, lang: str, msgid: str, **values) -> str:
    """What the page says in that language: the catalogue's own translation, not a copy typed into the test."""
    with live_app.test_request_context(), force_locale(lang):
        return gettext(msgid, **values)


def _check(page, name: str) -> None:
    """check_page for a page seen without JavaScript: axe needs scripts, so it runs on a twin of the page (same
    cookies, same address, scripts on); the overflow check runs on the page itself."""
    assert_no_horizontal_overflow(page)
    context = page.context.browser.new_context(viewport=PHONE, storage_state=page.context.storage_state())
    twin = context.new_page()
    twin.goto(page.url)
    check_page(twin, name)
    context.close()


def _footer(page):
    return page.get_by_role("contentinfo")


def _assert_no_municipality(page) -> None:
    footer = _footer(page)
    expect(footer.locator("a[href^='tel:']")).to_have_count(0)
    for name, number in NUMBERS.items():
        expect(footer).not_to_contain_text(number)
        expect(footer).not_to_contain_text(name.capitalize())


def _assert_number(page, live_app, lang: str, slug: str) -> None:
    """The municipality's number as a tap-to-call link, isolated left-to-right, with its opening hours."""
    link = _footer(page).get_by_role("link", name=NUMBERS[slug], exact=True)
    expect(link).to_have_attribute("href", "tel:" + NUMBERS[slug].replace(" ", ""))
    expect(link).to_have_attribute("dir", "ltr")
    assert link.evaluate("a => getComputedStyle(a).direction") == "ltr"
    name = {"lansingerland": "Lansingerland", "groningen": "Groningen", "lochem": "Lochem"}[slug]
    expect(_footer(page)).to_contain_text(_t(live_app, lang, "Liever praten? Bel gemeente %(name)s:", name=name))
    expect(_footer(page)).to_contain_text(_weekday(lang, 0))  # Monday, named in the page's language


def _look_up(page, live_app, lang: str, postcode: str) -> None:
    page.get_by_label(_t(live_app, lang, "Uw postcode")).fill(postcode)
    page.get_by_role("button", name=_t(live_app, lang, "Zoeken")).click()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_national_bank_link_asks_where_someone_lives_before_any_number(page_without_js, live_app, lang):
    page = page_without_js
    page.goto(f"/taal/{lang}?next=/via/lansingerland-bank")  # this phone once followed Lansingerland's own link
    _assert_number(page, live_app, lang, "lansingerland")
    page.goto("/via/bank-landelijk")
    expect(page.get_by_role("heading", level=1)).to_have_text(_t(live_app, lang, "Wie helpt u in uw gemeente?"))
    _assert_no_municipality(page)
    _check(page, f"journey-municipality-national-link-{lang}")
    page.goto("/geldcheck")  # looking around first still shows no municipality's number
    _assert_no_municipality(page)
    page.go_back()
    _look_up(page, live_app, lang, "9712 AB")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _t(live_app, lang, "Zorgen over geld? U staat er niet alleen voor."))
    _assert_number(page, live_app, lang, "groningen")
    _check(page, f"journey-municipality-national-link-after-postcode-{lang}")


def _counted(live_app, municipality: str, source: str) -> int:
    with live_app.extensions["db_sessionmaker"]() as session:
        return session.scalar(select(func.coalesce(func.sum(SelfTestCount.count), 0))
                              .where(SelfTestCount.municipality == municipality, SelfTestCount.source == source))


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_a_groningen_bank_link_shows_groningens_number_and_counts_for_groningen(page_without_js, live_app, lang):
    page = page_without_js
    before = _counted(live_app, "groningen", "groningen-bank")
    page.goto(f"/taal/{lang}?next=/via/groningen-bank")
    _assert_number(page, live_app, lang, "groningen")
    page.goto("/geldcheck")  # the money check's intro after a referral link
    _assert_number(page, live_app, lang, "groningen")
    _check(page, f"journey-municipality-groningen-link-selftest-intro-{lang}")
    page.locator("main form button[type=submit]").click()
    while "/geldcheck/vraag/" in page.url:
        _answer_current_question(page, CALM)
    page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/geldcheck/uitslag")
    _assert_number(page, live_app, lang, "groningen")
    assert _counted(live_app, "groningen", "groningen-bank") == before + 1
    assert _counted(live_app, "lansingerland", "groningen-bank") == 0


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_not_found_expired_and_asked_pages_show_the_number_once_known(page_without_js, live_app, lang):
    page = page_without_js
    page.goto(f"/taal/{lang}?next=/bestaat-niet")
    _assert_no_municipality(page)  # nothing known yet: no default municipality
    page.goto("/uw-gemeente")
    _look_up(page, live_app, lang, "7241")
    for path, name in [("/bestaat-niet", "404"), ("/geldcheck?verlopen=1", "selftest-expired")]:
        page.goto(path)
        _assert_number(page, live_app, lang, "lochem")
        expect(_footer(page)).to_contain_text(
            _t(live_app, lang, "%(days)s: %(opens)s tot %(closes)s uur",
               days=_weekday(lang, 4), opens=_time(lang, "09:00"), closes=_time(lang, "12:30")))
        _check(page, f"journey-municipality-{name}-{lang}")


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_question_sent_page_shows_the_chosen_municipalitys_number(page, live_app, lang):
    page.goto(f"/taal/{lang}?next=/vraag-stellen")
    _assert_no_municipality(page)
    page.get_by_label(_t(live_app, lang, "Uw gemeente")).select_option("groningen")
    page.get_by_label(_t(live_app, lang, "Uw vraag"), exact=True).fill("Waar vind ik hulp bij mijn studieschuld?")
    page.wait_for_timeout(3200)  # people take a few seconds; the form refuses instant posts
    page.get_by_role("button", name=_t(live_app, lang, "Verstuur mijn vraag")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_t(live_app, lang, "Uw vraag is verstuurd"))
    _assert_number(page, live_app, lang, "groningen")
    check_page(page, f"journey-municipality-advice-asked-{lang}")


def _weekday(lang: str, number: int) -> str:
    from babel.dates import get_day_names

    name = get_day_names("wide", locale=lang)[number]
    return name[:1].upper() + name[1:]


def _time(lang: str, text: str) -> str:
    from datetime import time

    from babel.dates import format_time

    return format_time(time.fromisoformat(text), "short", locale=lang).replace(" ", "\u00a0")
