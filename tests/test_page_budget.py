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
