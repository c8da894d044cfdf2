"""The done-when walk of a warm handover, on a laptop and on a phone: the coordinator hands a case over to Kwadraad
with a reason; Kwadraad's caseworker logs in (two steps), finds it on her start page, accepts it and sees only what
the resident agreed to share; the coordinator then reads "geaccepteerd"."""

import pytest
from playwright.sync_api import expect

from portal.models import StaffRole
from tests.browser.helpers import check_page, enrolled_staff, staff_log_in
from tests.staff_fixtures import build_case

COORDINATOR, CASEWORKER, PASSWORD = "regisseur@handover.browser", "kwadraad@handover.browser", "browser test password"
OWN_WORDS = "Ik durf de brieven niet meer open te maken."


@pytest.fixture(scope="module")
def accounts(live_app):
    enrolled_staff(live_app, COORDINATOR, "Sanne de Vries", StaffRole.KETENREGISSEUR, PASSWORD)
    enrolled_staff(live_app, CASEWORKER, "Eva Jansen", StaffRole.CASEWORKER, PASSWORD, partner="Kwadraad")
    return live_app


def _case(app, name: str):
    """Signed up with consent for only name and contact details, and called once by the coordinator."""
    session = app.extensions["db_sessionmaker"]()
    case = build_case(session, "lansingerland", call_name=name, phone="+31612345678", channels=["phone"],
                      answers={"situatie": {"topics": ["rent"], "own_words": OWN_WORDS, "group": None},
                               "toestemming": {"consent": True, "share": "contact"}}, status="contacted")
    found = case.id, case.reference
    session.close()
    return found


def _log_in(page, app, email, shot=None):
    page.goto("/werkplek/inloggen")
    staff_log_in(page, app, email, PASSWORD, shot)


def _log_out(page):
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen voor medewerkers")


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (360, 740)])
def test_a_case_handed_over_to_kwadraad_is_accepted_and_the_coordinator_sees_it(browser, live_server, accounts,
                                                                                width, height):
    app = accounts
    case_id, reference = _case(app, f"Demo {width}")
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server, locale="nl-NL")
    page = context.new_page()

    _log_in(page, app, COORDINATOR)
    page.goto(f"/werkplek/zaak/{case_id}")
    page.get_by_label("Aan welke partner?").select_option(label="Kwadraad")
    page.get_by_label("Waarom deze partner?").fill("Wil hulp bij het ordenen van de post.")
    page.get_by_role("button", name="Overdragen", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("De zaak is overgedragen aan Kwadraad.")
    expect(page.locator("#overdracht")).to_contain_text("Overdracht aan Kwadraad: overgedragen, wacht op de partner")
    check_page(page, f"handover-coordinator-handed-over-{width}")
    _log_out(page)

    _log_in(page, app, CASEWORKER, f"handover-kwadraad-login-{width}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Startpagina Kwadraad")
    waiting = page.locator(".handover-list li", has_text=reference)
    expect(waiting).to_contain_text("antwoord uiterlijk")
    expect(page.get_by_role("link", name="Samen invullen").first).to_be_visible()
    expect(page.get_by_role("link", name="Wachtrij")).to_have_count(0)
    check_page(page, f"handover-kwadraad-start-{width}")

    waiting.get_by_role("link", name=f"Zaak {reference}").click()
    expect(page.locator("section.attention")).to_contain_text("06 12345678")
    expect(page.get_by_text(OWN_WORDS)).to_have_count(0)
    check_page(page, f"handover-kwadraad-case-{width}")
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_role("status")).to_contain_text("U heeft de zaak geaccepteerd.")
    expect(page.locator(".handover-state")).to_contain_text("geaccepteerd")
    expect(page.get_by_text(OWN_WORDS)).to_have_count(0)
    check_page(page, f"handover-kwadraad-accepted-{width}")
    page.goto("/werkplek/")  # the coordinators' queue: a workspace page that says why, with the way back
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze pagina is niet voor uw account")
    check_page(page, f"handover-kwadraad-403-{width}")
    page.get_by_role("link", name="Naar mijn startpagina").click()
    expect(page.locator("#mine-title").locator("..")).to_contain_text(reference)
    _log_out(page)

    _log_in(page, app, COORDINATOR)
    page.goto(f"/werkplek/zaak/{case_id}")
    expect(page.locator("#overdracht")).to_contain_text("Overdracht aan Kwadraad: geaccepteerd")
    expect(page.locator("#overdracht")).to_contain_text("geaccepteerd door Eva Jansen")
    check_page(page, f"handover-coordinator-accepted-{width}")
    page.get_by_role("link", name="Overdrachten").click()
    expect(page.locator("tbody tr", has_text=reference)).to_contain_text("geaccepteerd")
    check_page(page, f"handover-overview-{width}")
    context.close()


def test_a_partner_caseworker_fills_in_a_sign_up_with_a_client_and_then_opens_it(page, accounts):
    """On a phone: "Samen invullen" from the start page, the resident's consent question in the sign-up, and the case
    on the start page afterwards (it was a 403 before)."""
    from tests.browser.test_signup import _fill_step, walk_signup
    from tests.resident.signup_helpers import DEFAULT_STEPS

    _log_in(page, accounts, CASEWORKER)
    page.locator("a.button", has_text="Samen invullen").click()
    page.get_by_role("button", name="Begin de aanmelding").click()
    steps = {**DEFAULT_STEPS, "postcode": {"postcode": "2651"}}
    walk_signup(page, "nl", "assisted", steps, check=False)
    page.goto("/aanmelden/stap/toestemming")
    expect(page.get_by_role("group", name="Mogen wij uw gegevens doorgeven aan de organisatie die u gaat helpen?")
           ).to_be_visible()
    _fill_step(page, {"consent": "y", "share": "contact"})
    check_page(page, "handover-signup-consent-question")
    page.locator("main form button[type=submit]").first.click()
    page.get_by_role("button", name="Verstuur mijn aanmelding").click()
    reference = page.locator(".reference").inner_text()
    page.goto("/werkplek/start")
    assisted = page.locator("#assisted-title").locator("..")
    assisted.get_by_role("link", name=f"Zaak {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Zaak {reference}")
    check_page(page, "handover-assisted-case-opened")
