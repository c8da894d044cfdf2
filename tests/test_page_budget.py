import pytest

from tests.budget import BUDGET_BYTES, external_resources, page_weight

RESIDENT_PAGES = ["/", "/uw-gemeente", "/geen-pagina"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", RESIDENT_PAGES)
def test_resident_page_fits_the_first_round_trip(client, municipalities, path, lang):
    client.get(f"/taal/{lang}")
    weight = page_weight(client, path)
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
