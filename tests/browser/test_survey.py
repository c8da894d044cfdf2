"""The client experience survey on a 360 px phone: the yes on the sign-up's contact step, and the six questions
in Dutch and Arabic (checked by the HTML checker and axe), answered without JavaScript."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.db import utcnow
from portal.demo_survey import demo_invitation
from portal.rules.deadlines import local_date
from tests.browser.helpers import check_page, remember_documents, screenshot
from tests.browser.test_signup import _fill_step, _next
from tests.resident.signup_helpers import DEFAULT_STEPS


def _link(app, language):
    session = app.extensions["db_sessionmaker"]()
    token = demo_invitation(session, language)
    session.close()
    return f"/ervaring/{token}"


@pytest.mark.parametrize(("language", "heading", "thanks"), [
    ("nl", "Hoe vond u onze hulp?", "Bedankt voor uw antwoorden"),
    ("ar", "ما رأيك في مساعدتنا؟", "شكراً على إجاباتك"),
])
def test_the_survey_in_the_invitations_language(browser, live_server, live_app, language, heading, thanks):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale="nl-NL")
    page = context.new_page()
    remember_documents(page)
    link = _link(live_app, language)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_page(page, f"survey-{language}")
    page.locator("input[name=reachable][value=yes]").check()
    page.locator("input[name=mark][value='8']").check()
    page.locator("#remark").fill("Sneller terugbellen.")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(thanks)
    check_page(page, f"survey-{language}-thanks")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)
    check_page(page, f"survey-{language}-gone")
    context.close()


def test_the_survey_works_without_javascript(page_without_js, live_app):
    page = page_without_js
    page.goto(_link(live_app, "nl"))
    page.locator("input[name=waiting][value=too_long]").check()
    page.locator("input[name=mark][value='10']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor uw antwoorden")
    screenshot(page, "survey-nl-thanks-no-js")


def test_the_yes_on_the_contact_step(page):
    page.goto("/taal/nl?next=/aanmelden")
    page.locator("main form button[type=submit]").click()
    while not page.url.endswith("/stap/contact"):
        _fill_step(page, DEFAULT_STEPS[page.url.rsplit("/", 1)[1]])
        _next(page)
    box = page.get_by_label("Ja, u mag mij na afloop één keer een korte vragenlijst sturen.", exact=False)
    expect(box).not_to_be_checked()
    box.check()
    check_page(page, "survey-signup-contact-step")


def test_the_coordinator_reads_the_residents_experiences(browser, live_server, live_app):
    from portal.demo_survey import DEMO_ANSWERS
    from portal.models import Klantervaring, Municipality, StaffRole
    from tests.browser.helpers import enrolled_staff, staff_log_in

    email, password = "ervaringen@lansingerland.browser", "browser test password"
    enrolled_staff(live_app, email, "Noor Ervaring", StaffRole.KETENREGISSEUR, password)
    session = live_app.extensions["db_sessionmaker"]()
    town = session.scalars(select(Municipality).where(Municipality.slug == "lansingerland")).one()
    month = local_date(utcnow()).strftime("%Y-%m")
    for channel, route, reachable, heard, clear, waiting, mark, remark in DEMO_ANSWERS:  # 12 online, 4 bank app
        session.add(Klantervaring(municipality_id=town.id, month=month, channel=channel, route=route,
                                  reachable=reachable, heard=heard, next_steps_clear=clear, waiting=waiting,
                                  mark=mark, remark=remark))
    session.commit()
    session.close()
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server, locale="nl-NL")
    page = context.new_page()
    remember_documents(page)
    page.goto("/werkplek/")
    staff_log_in(page, live_app, email, password)
    page.goto("/werkplek/cijfers#experiences-title")
    section = page.locator("section[aria-labelledby^=experiences-]").first
    expect(section).to_contain_text("te weinig antwoorden om te tonen")  # the bank app's four answers
    expect(section.locator("tr", has_text="Zelf online")).to_contain_text("%")
    check_page(page, "survey-staff-monitoring")
    section.screenshot(path=str(screenshot(page, "survey-staff-monitoring").with_name("survey-staff-section.png")))
    context.close()
