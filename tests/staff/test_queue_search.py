"""The queue's search box: a reference, a phone number in any form, or name words, without decrypting the table."""

import pytest

from portal.services import cases, saved_filters
from tests.conftest import page
from tests.staff_fixtures import log_in

FATIMA = "Fatima El Amrani"
ARABIC = "فاطِمة الأمراني"


def _found(client, search, **filters):
    soup = page(client.get("/werkplek/", query_string={"search": search, **filters}))
    return [a.get_text(strip=True) for a in soup.select("tbody tr > td:first-child > a")]


@pytest.mark.parametrize("typed", ["06 12345678", "+31 6 1234 5678", "0031612345678", "0612345678"])
def test_a_phone_number_in_any_form_finds_the_case(client, staff, make_case, typed):
    case = make_case(call_name="Samira", phone="+31612345678")
    make_case(call_name="Ander", phone="+31687654321")
    log_in(client, "regisseur")
    assert _found(client, typed) == [case.reference]


def test_a_name_word_or_the_whole_name_finds_the_case_in_any_order_and_case(client, staff, make_case):
    fatima = make_case(call_name=FATIMA)
    fatma = make_case(call_name="Fatma Amrani")
    log_in(client, "regisseur")
    assert _found(client, "Fatima") == [fatima.reference]
    assert _found(client, "fatima el amrani") == [fatima.reference]
    assert _found(client, "AMRANI fatima") == [fatima.reference]
    assert set(_found(client, "Amrani")) == {fatima.reference, fatma.reference}
    assert _found(client, "Fatima Jansen") == [], "every word must match"


def test_an_arabic_name_is_found_with_or_without_its_vowel_marks(client, staff, make_case):
    case = make_case(call_name=ARABIC)
    log_in(client, "regisseur")
    assert _found(client, "فاطمة") == [case.reference]
    assert _found(client, "فاطمه الامراني") == [case.reference]


def test_the_reference_is_still_found_as_typed(client, staff, make_case):
    case = make_case(call_name="Noor")
    log_in(client, "regisseur")
    assert _found(client, case.reference.lower().replace("-", " ")) == [case.reference]


def test_another_municipalitys_case_with_the_same_name_and_number_is_never_found(client, staff, make_case):
    make_case("groningen", call_name=FATIMA, phone="+31612345678")
    log_in(client, "regisseur")
    assert _found(client, "Fatima", status="all") == []
    assert _found(client, "06 12345678", status="all") == []


def test_a_caseworker_finds_only_their_own_cases(db_session, client, staff, make_case):
    theirs = make_case(call_name=FATIMA, assigned_to_id=staff["partner"].id)
    make_case(call_name=FATIMA)
    log_in(client, "partner")
    response = client.get("/werkplek/", query_string={"search": "Fatima"})
    assert response.status_code == 403 and theirs.reference not in response.get_data(as_text=True)
    found = cases.queue(db_session, staff["partner"], cases.QueueFilter(search="Fatima"))
    assert [case.id for case in found.cases] == [theirs.id]


def test_nothing_found_says_why_and_offers_every_case(client, staff, make_case):
    make_case(call_name=FATIMA, status="closed")
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/", query_string={"search": "Fati"}))
    empty = soup.select_one(".search-empty").get_text(" ", strip=True)
    assert "Geen zaak gevonden" in empty and "niet op een deel ervan" in empty
    link = soup.select_one(".search-empty a")
    assert link.get_text(strip=True) == "Zoek in alle zaken, ook de afgesloten"
    assert _found(client, "Fatima", status="all") != []  # the closed case, once all statuses are searched
    partial = page(client.get("/werkplek/", query_string={"search": "06 1234"})).select_one(".search-empty").get_text()
    assert "Dit is geen volledig telefoonnummer" in partial


def test_the_search_box_says_what_it_finds(client, client_request, staff):
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_queue")
    box = soup.select_one("input[name=search]")
    assert soup.select_one(f"label[for={box['id']}]").get_text(strip=True) == "Zoek op nummer, naam of telefoon"
    assert "Niet een deel" in soup.select_one(f"#{box['id']}-hint").get_text()


def test_a_filter_saved_when_the_box_was_the_reference_field_still_works(client, db_session, staff, make_case):
    case = make_case(call_name="Noor")
    other = make_case(call_name="Sam")
    saved = saved_filters.save(db_session, staff["regisseur"], "Oud", {})
    saved.query = f"reference={case.reference}"
    db_session.commit()
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/"))
    assert soup.find("a", string="Oud")["href"] == f"/werkplek/?reference={case.reference}"
    found = [a.get_text(strip=True) for a in page(client.get(f"/werkplek/?reference={case.reference}"))
             .select("tbody tr > td:first-child > a")]
    assert found == [case.reference] and other.reference not in found
    assert _found(client, "Noor") == [case.reference]


def test_a_saved_search_is_kept_under_its_name(client, client_request, staff, make_case):
    case = make_case(call_name=FATIMA)
    log_in(client, "regisseur")
    client_request.post("staff.save_filter", search="Fatima", _data={"name": "Fatima"})
    link = client_request.get("staff.show_queue").find("a", string="Fatima")
    assert link["href"] == "/werkplek/?search=Fatima"
    assert _found(client, "Fatima") == [case.reference]


# Possible duplicates: the same phone number within 90 days in one municipality.

def _badge_links(soup):
    return [[a.get_text(strip=True) for a in badge.select("a")] for badge in soup.select(".possible-duplicate")]


def test_the_same_number_within_ninety_days_is_badged_on_both_cases(client, client_request, staff, make_case):
    first = make_case(call_name="Noor", phone="+31612345678", submitted_days_ago=90)
    second = make_case(call_name="Noor B", phone="06 12345678")
    make_case(call_name="Sam", phone="+31687654321")
    make_case("groningen", call_name="Noor", phone="+31612345678")
    log_in(client, "regisseur")
    for case, other in ((first, second), (second, first)):
        soup = client_request.get("staff.show_case", case_id=case.id)
        assert "Mogelijk dubbel" in soup.select_one(".possible-duplicate").get_text()
        assert _badge_links(soup) == [[other.reference]]
        assert soup.select_one(".possible-duplicate a")["href"] == f"/werkplek/zaak/{other.id}"
    rows = {row.select_one("td a").get_text(strip=True): _badge_links(row)
            for row in page(client.get("/werkplek/")).select("tbody tr")}
    assert rows[first.reference] == [[second.reference]] and rows[second.reference] == [[first.reference]]
    assert sum(1 for links in rows.values() if links) == 2, "the other number is no duplicate"


def test_ninety_one_days_apart_is_no_duplicate(client, client_request, staff, make_case):
    old = make_case(phone="+31612345678", submitted_days_ago=91.5)
    new = make_case(phone="+31612345678")
    log_in(client, "regisseur")
    for case in (old, new):
        assert client_request.get("staff.show_case", case_id=case.id).select(".possible-duplicate") == []


def test_a_number_many_cases_share_shows_one_link_in_the_queue_and_all_on_the_case_page(client, staff, make_case):
    """A queue row names one other and how many more (so it stays short on a phone); the case page names every one."""
    made = [make_case(call_name=f"Inwoner {n}", phone="+31612345678") for n in range(5)]
    log_in(client, "regisseur")
    row = page(client.get("/werkplek/?search=0612345678")).select_one(
        f"tbody tr:has(a[href='/werkplek/zaak/{made[0].id}'])")
    badge = row.select_one(".possible-duplicate")
    assert len(badge.select("a")) == 1 and "en nog 3" in badge.get_text()
    on_case = page(client.get(f"/werkplek/zaak/{made[0].id}")).select_one(".possible-duplicate")
    assert sorted(a.get_text() for a in on_case.select("a")) == sorted(case.reference for case in made[1:])
    assert "en nog" not in on_case.get_text()
