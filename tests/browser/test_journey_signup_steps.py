"""The sign-up's steps as a resident on a 360x740 phone meets them (issue 14, items 4, 8, 13 and 14), in Dutch and
Arabic: where someone lives comes first, a postcode outside every municipality keeps nothing, "Stop en wis mijn
antwoorden" works without JavaScript (and can be taken back), the money check's answers come filled in, and the
contact step shows only the fields of the chosen ways of contact (CSS, no JavaScript)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.models import Aanmelding, AanmeldingDraft
from tests.browser.helpers import check_page, screenshot
from tests.browser.test_signup import _fill_step
from tests.resident.signup_helpers import DEFAULT_STEPS

LANGS = ["nl", "ar"]


def _count(live_app, model) -> int:
    with live_app.extensions["db_sessionmaker"]() as session:
        return session.scalar(select(func.count()).select_from(model))


def _start(page, lang):
    page.goto(f"/taal/{lang}?next=/aanmelden")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/aanmelden/stap/postcode$"))


def _continue(page):
    """The step's own 'Verder' button: the last-but-one button of the form (the last is 'Later verder')."""
    page.locator("main form button[type=submit]:not([name])").click()


def _walk_to(page, slug, steps=DEFAULT_STEPS):
    for _ in range(len(steps)):
        if page.url.endswith(f"/aanmelden/stap/{slug}"):
            return
        current = page.url.rsplit("/", 1)[1].split("?")[0]
        _fill_step(page, steps[current])
        _continue(page)
        assert not page.url.endswith(f"/stap/{current}"), (current, page.locator(".error-summary").all_inner_texts())
    raise AssertionError(f"{slug} not reached: {page.url}")


@pytest.mark.parametrize("lang", LANGS)
def test_a_postcode_outside_every_municipality_keeps_nothing_and_says_where_to_go(page, live_app, lang):
    drafts, cases = _count(live_app, AanmeldingDraft), _count(live_app, Aanmelding)
    _start(page, lang)
    expect(page.locator(".progress")).to_contain_text("1")
    expect(page.locator("main input[name=postcode]")).to_be_visible()
    check_page(page, f"journey-signup-{lang}-postcode-first")
    page.locator("input[name=postcode]").fill("1011 AB")
    _continue(page)
    if lang == "nl":
        expect(page.get_by_role("heading", level=1)).to_have_text("U kunt hulp krijgen bij uw eigen gemeente")
    expect(page.locator("main")).to_contain_text("geldfit.nl")
    expect(page.locator("main")).to_contain_text("14")
    expect(page.locator("main form")).to_have_count(0)  # no sign-up offered that nobody can handle
    check_page(page, f"journey-signup-{lang}-outside")
    assert (_count(live_app, AanmeldingDraft), _count(live_app, Aanmelding)) == (drafts, cases), \
        "no draft and no personal data stay behind"
    page.goto("/aanmelden/stap/situatie")
    expect(page).to_have_url(re.compile(r"/aanmelden\?verlopen=1$"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_municipality_known_on_the_device_is_offered_to_confirm(page, lang):
    page.goto(f"/taal/{lang}?next=/uw-gemeente")
    page.locator("input[name=postcode]").fill("9712")
    page.locator("main form button[type=submit]").first.click()
    _start(page, lang)
    confirm = page.locator("button[name=same]")
    expect(confirm).to_contain_text("Groningen")
    check_page(page, f"journey-signup-{lang}-postcode-known")
    confirm.click()
    expect(page).to_have_url(re.compile(r"/aanmelden/stap/situatie$"))
    expect(page.locator("footer")).to_contain_text("Groningen")


@pytest.mark.parametrize("lang", LANGS)
def test_the_money_check_answers_come_filled_in_with_a_cut_off_date(page, lang):
    page.goto(f"/taal/{lang}?next=/geldcheck")
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[value=none]").check()  # the group question: none of these
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[value=cutoff]").check()
    page.locator("main form button[type=submit]").first.click()
    page.locator("button.crisis").click()  # the crisis shortcut: see the result now
    page.goto("/aanmelden")
    page.locator("main form button[type=submit]").first.click()
    page.locator("input[name=postcode]").fill("2651")
    _continue(page)
    page.locator("input[name=carry][value=yes]").check()
    _continue(page)
    expect(page).to_have_url(re.compile(r"/aanmelden/stap/situatie$"))
    _fill_step(page, DEFAULT_STEPS["situatie"])
    _continue(page)
    expect(page).to_have_url(re.compile(r"/aanmelden/stap/dringend$"))
    expect(page.locator("input[name=urgent][value=cutoff]")).to_be_checked()
    expect(page.locator("main .panel")).to_be_visible()
    expect(page.locator("[name=eviction_date]")).to_be_hidden()
    page.locator("[name=cutoff_date]").fill("9-12-2026")
    check_page(page, f"journey-signup-{lang}-urgent-carried")
    _continue(page)
    _walk_to(page, "toestemming")
    _fill_step(page, DEFAULT_STEPS["toestemming"])
    _continue(page)
    expect(page).to_have_url(re.compile(r"/aanmelden/controleren$"))
    expect(page.locator("main")).to_contain_text("2026")
    if lang == "nl":
        expect(page.locator("main")).to_contain_text("9 december 2026")
    check_page(page, f"journey-signup-{lang}-check-cutoff")


def _link_to_stop(page):
    page.locator("main a[href*='/aanmelden/wissen']").click()


@pytest.mark.parametrize("lang", LANGS)
def test_stop_and_wipe_asks_once_and_deletes_the_draft_without_javascript(page_without_js, live_app, lang):
    """Item 4: "Stop en wis mijn antwoorden" on a step, a confirm page that needs no JavaScript, then the draft is gone
    from the database at once, and an old tab on a step no longer shows the answers."""
    page = page_without_js
    before = _count(live_app, AanmeldingDraft)
    _start(page, lang)
    _walk_to(page, "kinderen")
    assert _count(live_app, AanmeldingDraft) == before + 1
    _link_to_stop(page)
    screenshot(page, f"journey-signup-{lang}-stop-confirm")  # axe needs JavaScript; the money check's twin has it
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/aanmelden/gewist$"))
    screenshot(page, f"journey-signup-{lang}-wiped")
    assert _count(live_app, AanmeldingDraft) == before, "the draft is deleted, not kept until it expires"
    page.go_back()
    page.go_back()
    page.reload()  # the step the resident stopped on
    expect(page.locator("main")).not_to_contain_text("Sam")
    expect(page.locator("main input[name=children]:checked")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGS)
def test_stop_and_wipe_can_be_taken_back_on_its_confirm_page(page_without_js, live_app, lang):
    page = page_without_js
    _start(page, lang)
    _walk_to(page, "dringend")
    _link_to_stop(page)
    page.locator("main a.button").click()  # "keep my answers": back on the step, nothing lost
    expect(page).to_have_url(re.compile(r"/aanmelden/stap/dringend$"))
    page.goto("/aanmelden/stap/situatie")
    expect(page.locator("main textarea[name=own_words]")).to_have_value(DEFAULT_STEPS["situatie"]["own_words"])


@pytest.mark.parametrize("lang", LANGS)
def test_the_contact_step_shows_the_details_of_the_chosen_ways_only_without_javascript(page_without_js, lang):
    """Item 14: phone, e-mail and address each show once their way of contact is ticked; CSS does it, no script."""
    page = page_without_js
    _start(page, lang)
    _walk_to(page, "contact")
    phone, email, address = (page.locator(f"main [name={name}]") for name in ("phone", "email", "postal_address"))
    for box in page.locator("main input[name=channels]:checked").all():
        box.uncheck()
    for field in (phone, email, address):
        expect(field).to_be_hidden()
    page.locator("main input[name=channels][value=email]").check()
    expect(email).to_be_visible()
    expect(phone).to_be_hidden()
    expect(address).to_be_hidden()
    page.locator("main input[name=channels][value=sms]").check()
    page.locator("main input[name=channels][value=letter]").check()
    for field in (phone, email, address):
        expect(field).to_be_visible()
    screenshot(page, f"journey-signup-{lang}-contact-chosen")
    page.locator("main input[name=channels][value=email]").uncheck()
    expect(email).to_be_hidden()
