"""No resident page repeats text from its address that someone else chose.

Resident pages are compressed (docs/deployment.md). A compressed page that shows a resident's answers next to an
attacker's guess leaks the answers through its size (BREACH). The language menu used to carry the whole query
string on every page; now a page keeps only the parameters its own view names (portal/i18n.py).
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import page

GUESS = "zq7guess"
QUERY = f"?x={GUESS}&terug={GUESS}&next=/{GUESS}&verlopen={GUESS}&taal={GUESS}"
OPEN_PAGES = ["/", "/geldcheck", "/aanmelden", "/vraag-stellen", "/vraag-ophalen", "/aanmelden/code",
              "/toegankelijkheid", "/geschiedenis-wissen", "/geen-pagina"]


def assert_no_echo(client, path: str, query: str = QUERY) -> None:
    body = client.get(path + query).get_data(as_text=True)
    assert GUESS not in body, path


@pytest.mark.parametrize("path", OPEN_PAGES)
def test_open_pages_do_not_echo_the_query(client, municipalities, path):
    assert_no_echo(client, path)


def test_the_postcode_page_shows_only_its_way_on(client, municipalities):
    """/uw-gemeente?next= shows "Verder zonder postcode" to that (local) address: a partner's link works so. The
    page shows no answers, only the municipality that goes with a postcode."""
    assert_no_echo(client, "/uw-gemeente", QUERY.replace(f"&next=/{GUESS}", ""))


def test_the_pages_with_a_residents_answers_do_not_echo_the_query(client, municipalities):
    from tests.questionnaire.conftest import CALM
    from tests.resident.signup_helpers import DEFAULT_STEPS, fill_steps, submit
    from tests.resident.test_selftest_views import walk

    walk(client, {**CALM, "postcode": "9712"})
    for path in ["/geldcheck/overzicht"] + [f"/geldcheck/vraag/{question}" for question in CALM]:
        assert_no_echo(client, path)
    fill_steps(client)
    for path in ["/aanmelden/controleren", "/aanmelden/later", "/aanmelden/wissen"]:
        assert_no_echo(client, path)
    for slug in DEFAULT_STEPS:
        if slug != "geldcheck":
            assert_no_echo(client, f"/aanmelden/stap/{slug}")
    submit(client)
    assert_no_echo(client, "/aanmelden/klaar")


def language_link_back(client, path: str) -> str:
    """Where the language menu's link to English comes back to."""
    link = page(client.get(path)).select_one("nav.langs a[hreflang=en]")["href"]
    return parse_qs(urlsplit(link).query)["next"][0]


def test_a_step_opened_from_the_check_page_still_goes_back_there_after_a_language_switch(client, municipalities):
    from tests.resident.signup_helpers import DEFAULT_STEPS, fill_steps

    fill_steps(client)
    slug = next(slug for slug in DEFAULT_STEPS if slug != "geldcheck")
    assert language_link_back(client, f"/aanmelden/stap/{slug}?terug=controleren") == \
        f"/aanmelden/stap/{slug}?terug=controleren"
    assert language_link_back(client, f"/aanmelden/stap/{slug}") == f"/aanmelden/stap/{slug}"


def test_a_partners_link_keeps_its_way_on_after_a_language_switch(client, municipalities):
    assert language_link_back(client, "/uw-gemeente?next=/geldcheck") == "/uw-gemeente?next=%2Fgeldcheck"
