from portal.db import utcnow
from portal.services import cases
from tests.conftest import page
from tests.staff_fixtures import log_in


def _references(client, query=""):
    soup = page(client.get(f"/werkplek/{query}"))
    return [a.get_text(strip=True) for a in soup.select("tbody a")]


def test_most_urgent_first_children_ahead_on_the_same_day(client, staff, make_case):
    # Lansingerland promises a call within 14 days, or 3 working days in a crisis.
    later = make_case(submitted_days_ago=0)
    same_day_no_kids = make_case(submitted_days_ago=5)
    same_day_kids = make_case(submitted_days_ago=5, children="yes")  # signed up after, still ahead
    overdue = make_case(submitted_days_ago=16)
    crisis = make_case(crisis=True)
    make_case("groningen", crisis=True)  # another municipality: never shown
    log_in(client, "regisseur")
    assert _references(client) == [crisis.reference, overdue.reference, same_day_kids.reference,
                                   same_day_no_kids.reference, later.reference]


def test_badges_show_crisis_children_group_and_deadline_state(client, staff, make_case):
    make_case(crisis=True, children="yes", group="youth", submitted_days_ago=10)
    make_case(submitted_days_ago=16)
    log_in(client, "regisseur")
    rows = [[b.get_text(strip=True) for b in row.select(".badge")] for row in page(client.get("/werkplek/"))
            .select("tbody tr")]
    # In a crisis the promise is the legal limit itself, so a late call is at once past the law.
    assert rows == [["Crisis", "Kinderen", "Jongere", "Wettelijke termijn voorbij"], ["Later dan beloofd"]]


def test_filters_and_search_by_reference(client, staff, make_case):
    youth = make_case(group="youth", source="lansingerland-bank")
    mine = make_case(assigned_to_id=staff["regisseur"].id)
    other = make_case()
    log_in(client, "regisseur")
    assert _references(client, "?group=youth") == [youth.reference]
    assert _references(client, "?source=lansingerland-bank") == [youth.reference]
    assert _references(client, "?assigned=me") == [mine.reference]
    assert set(_references(client, "?assigned=none")) == {youth.reference, other.reference}
    typed = other.reference.lower().replace("-", " ")
    assert _references(client, f"?search={typed}") == [other.reference]


def test_closed_cases_leave_the_open_queue(client, staff, make_case):
    closed = make_case(status="closed")
    log_in(client, "regisseur")
    assert closed.reference not in _references(client)
    assert closed.reference in _references(client, "?status=all")


def test_pagination(client, staff, make_case):
    for _ in range(cases.PAGE_SIZE + 3):
        make_case()
    log_in(client, "regisseur")
    assert len(_references(client)) == cases.PAGE_SIZE
    assert len(_references(client, "?pagina=2")) == 3
    assert len(_references(client, "?pagina=99")) == 3, "a page past the end shows the last page"


def test_a_coordinator_saves_a_filter_for_themselves(client, client_request, app, staff, make_case):
    make_case(group="youth")
    log_in(client, "regisseur")
    save_form = client_request.get("staff.show_queue", group="youth").select_one("form[action^='/werkplek/filters']")
    assert save_form["action"] == client_request.url("staff.save_filter", group="youth")
    client_request.post("staff.save_filter", group="youth", _data={"name": "Jongeren"})
    link = client_request.get("staff.show_queue").find("a", string="Jongeren")
    assert link["href"] == "/werkplek/?group=youth"
    colleague = app.test_client()
    log_in(colleague, "collega")
    assert page(colleague.get("/werkplek/")).find("a", string="Jongeren") is None


def test_a_coordinator_deletes_a_saved_filter_with_its_button(client, app, staff):
    log_in(client, "regisseur")
    for name, query in (("Jongeren", "?group=youth"), ("Van mij", "?assigned=me")):
        token = page(client.get(f"/werkplek/{query}")).select_one("form[action^='/werkplek/filters'] "
                                                                  "input[name=csrf_token]")["value"]
        client.post(f"/werkplek/filters{query}", data={"csrf_token": token, "name": name})
    colleague = app.test_client()
    log_in(colleague, "collega")
    # The button as the page shows it (the second filter in the list): its form, with the token it carries.
    button = page(client.get("/werkplek/")).find("button", attrs={"aria-label": "Filter Van mij verwijderen"})
    form = button.find_parent("form")
    data = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    assert form["method"] == "post"
    # Another coordinator who posts to the same address deletes nothing of someone else's.
    colleague_token = page(colleague.get("/werkplek/")).select_one("form.logout input[name=csrf_token]")["value"]
    colleague.post(form["action"], data={"csrf_token": colleague_token})
    assert page(client.get("/werkplek/")).find("a", string="Van mij") is not None
    response = client.post(form["action"], data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/werkplek/"
    shown = page(client.get("/werkplek/"))
    assert shown.find("a", string="Van mij") is None
    assert shown.find("a", string="Jongeren")["href"] == "/werkplek/?group=youth"


def test_the_service_orders_crisis_then_due_date_then_children_then_sign_up_time(db_session, staff, make_case):
    made = {
        "calm, signed up first": make_case(submitted_days_ago=3),
        "calm, signed up later": make_case(submitted_days_ago=3),
        "children, signed up last": make_case(submitted_days_ago=3, children="yes"),
        "due soonest": make_case(submitted_days_ago=8),
        "crisis, later deadline": make_case(crisis=True),
        "crisis, overdue": make_case(crisis=True, submitted_days_ago=12),
        "overdue": make_case(submitted_days_ago=20),
        "closed": make_case(submitted_days_ago=30, status="closed"),
    }
    names = {case.id: name for name, case in made.items()}
    result = cases.queue(db_session, staff["regisseur"], cases.QueueFilter())
    assert [names[case.id] for case in result.cases] == [
        "crisis, overdue", "crisis, later deadline", "overdue", "due soonest", "children, signed up last",
        "calm, signed up first", "calm, signed up later"]


def test_counts_of_crisis_and_overdue_cases_over_all_open_cases_each_a_link_to_its_filter(client, staff, make_case):
    crisis = make_case(crisis=True)
    overdue = [make_case(submitted_days_ago=16) for _ in range(cases.PAGE_SIZE + 1)]  # more than one page
    make_case(submitted_days_ago=16, first_contact_at=utcnow(), status="contacted")  # called: not overdue
    make_case(crisis=True, status="closed")
    make_case("groningen", crisis=True, submitted_days_ago=16)
    make_case(group="youth")
    log_in(client, "regisseur")
    links = page(client.get("/werkplek/?group=youth")).select("ul.queue-counts a")
    assert [a.get_text(strip=True) for a in links] == ["1 in crisis", f"{cases.PAGE_SIZE + 1} te laat"], \
        "over every open case of the municipality, whatever the filter and the page"
    assert _references(client, links[0]["href"].removeprefix("/werkplek/")) == [crisis.reference]
    shown = _references(client, links[1]["href"].removeprefix("/werkplek/"))
    assert len(shown) == cases.PAGE_SIZE and set(shown) <= {case.reference for case in overdue}
    assert f"{cases.PAGE_SIZE + 1} zaken" in page(client.get(links[1]["href"])).get_text()


def test_the_filters_are_behind_a_disclosure_that_says_how_many_are_on(client, staff, make_case):
    log_in(client, "regisseur")
    disclosure = page(client.get("/werkplek/")).select_one("details.filters-disclosure")
    assert disclosure.summary.get_text(strip=True) == "Zoeken en filters" and not disclosure.has_attr("open")
    assert disclosure.select_one("form.filters select[name=status]") is not None
    soup = page(client.get("/werkplek/?status=open&group=youth&crisis=1"))
    disclosure = soup.select_one("details.filters-disclosure")
    assert disclosure.summary.get_text(strip=True) == "Zoeken en filters (2 aan)"
    assert not disclosure.has_attr("open"), "closed: open, the fields push the first case off a phone's screen"
    assert disclosure.select_one("input[name=crisis]").has_attr("checked")
    assert soup.find("a", string="Filters wissen")["href"] == "/werkplek/"
    with_error = page(client.get("/werkplek/?search=" + "X" * 81)).select_one("details.filters-disclosure")
    assert with_error.has_attr("open"), "a filter that was not understood shows its message"


def test_the_queue_shows_the_call_name_in_its_own_direction(client, staff, make_case):
    make_case(call_name="فاطمة")
    log_in(client, "regisseur")
    soup = page(client.get("/werkplek/"))
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert headers[:2] == ["Nummer", "Naam"]
    name = soup.select("tbody tr td")[1]
    assert name.get_text(strip=True) == "فاطمة" and name["dir"] == "auto"
