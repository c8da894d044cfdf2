import pytest

from portal.config import SUPPORTED_LOCALES
from tests.budget import BUDGET_BYTES, external_resources, page_weight

RESIDENT_PAGES = ["/", "/uw-gemeente", "/geldcheck", "/aanmelden", "/vraag-stellen", "/vraag-ophalen",
                  "/aanmelden/code", "/toegankelijkheid", "/geschiedenis-wissen"]


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
@pytest.mark.parametrize("path", RESIDENT_PAGES)
def test_resident_page_fits_the_first_round_trip(client, municipalities, path, lang):
    client.get(f"/taal/{lang}")
    weight = page_weight(client, path)
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight


def test_error_page_fits_the_first_round_trip(client):
    weight = page_weight(client, "/geen-pagina", status=404)
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight


@pytest.mark.parametrize("path", RESIDENT_PAGES)
def test_no_external_assets(client, path):
    assert external_resources(client.get(path).get_data(as_text=True)) == []


def test_every_money_check_page_fits_the_budget(client, municipalities):
    from tests.questionnaire.conftest import CALM
    from tests.resident.test_selftest_views import finish, walk

    answers = {**CALM, "group": "entrepreneur", "crisis": ["eviction", "cutoff"], "collectors": "bailiff",
               "children": "yes", "business_running": "running", "business_debts": "both", "tax_debts": "yes",
               "postcode": "9712"}
    walk(client, answers)
    pages = ["/geldcheck", "/geldcheck/overzicht"] + [f"/geldcheck/vraag/{q}" for q in answers if q != "postcode"]
    for path in pages + ["/geldcheck/vraag/postcode"]:
        weight = page_weight(client, path)
        assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
    finish(client)
    weight = page_weight(client, "/geldcheck/uitslag")
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight


def test_every_sign_up_page_fits_the_budget(client, municipalities):
    from tests.resident.signup_helpers import DEFAULT_STEPS, fill_steps, submit

    fill_steps(client)
    paths = ["/aanmelden", "/aanmelden/controleren", "/aanmelden/later"]
    paths += [f"/aanmelden/stap/{slug}" for slug in DEFAULT_STEPS if slug != "geldcheck"]
    for path in paths:
        weight = page_weight(client, path)
        assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
    submit(client)
    weight = page_weight(client, "/aanmelden/klaar")
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_the_letters_page_fits_the_budget(app, client, db_session, make_case, lang):
    """/brief, as the link on a letter opens it (the municipality set, its number and hours on the page)."""
    from portal.services.letters import link_token
    from tests.letter_fixtures import queue_letter

    letter = queue_letter(db_session, make_case())
    client.get(f"/taal/{lang}")
    assert client.get(f"/b/{link_token(app.config['SECRET_KEY'], letter.reference)}").headers["Location"] == "/brief"
    weight = page_weight(client, "/brief")
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
    assert external_resources(client.get("/brief").get_data(as_text=True)) == []


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_the_survey_pages_fit_the_budget(client, db_session, municipalities, lang):
    """The six questions in the invitation's language (the longest page of the three), the thanks and the gone page."""
    from datetime import timedelta

    from portal.db import utcnow
    from portal.models import Klantervaringsuitnodiging
    from portal.rules.token_hash import token_hash

    db_session.add(Klantervaringsuitnodiging(
        token_hash=token_hash("budget"), municipality_id=municipalities["lansingerland"].id, month="2026-12",
        channel="self", route="municipality", language=lang, expires_at=utcnow() + timedelta(days=1)))
    db_session.commit()
    for path, status in (("/ervaring/budget", 200), (f"/ervaring-bedankt?taal={lang}", 200),
                         ("/ervaring/gone", 404)):
        weight = page_weight(client, path, status=status)
        assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, (path, weight)
        assert external_resources(client.get(path).get_data(as_text=True)) == []


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_the_after_care_check_in_pages_fit_the_budget(client, db_session, make_case, lang):
    """/nazorg/<token> as the message's link opens it, the thank-you page after "Ja, bel mij" (the longest), and the
    page a used link opens."""
    from portal.db import utcnow
    from portal.rules.deadlines import local_date
    from tests.aftercare_fixtures import add_months, give_link, make_aftercare
    from tests.conftest import page

    traject = make_aftercare(db_session, make_case(), started_on=add_months(local_date(utcnow()), -1))
    path = f"/nazorg/{give_link(db_session, traject.moments[0])}"
    client.get(f"/taal/{lang}")
    weight = page_weight(client, path)
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
    assert external_resources(client.get(path).get_data(as_text=True)) == []
    csrf = page(client.get(path)).select_one("input[name=csrf_token]")["value"]
    refused = client.post(path, data={"csrf_token": csrf, "money_now": "?", "new_bills": "?", "call": "?"})
    weight = page_weight(client, path, response=refused)
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
    answered = client.post(path, data={"csrf_token": csrf, "money_now": "hard", "new_bills": "yes", "call": "call"})
    assert answered.headers["Location"] == "/nazorg/bedankt"
    weight = page_weight(client, "/nazorg/bedankt")
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
    weight = page_weight(client, path, status=404)
    assert weight["html_gzip"] + weight["css_gzip"] <= BUDGET_BYTES, weight
