import re

import pytest
from sqlalchemy import event, select

from portal.models import SelfTestCount, SelfTestDraft
from portal.rules import deadlines
from tests.client_request import ClientRequest
from tests.conftest import assert_unique_ids, page
from tests.questionnaire.conftest import CALM


def start(client, **data):
    return ClientRequest(client).open("POST", "resident.start_selftest", _data=data)


def answer(client, question_id, value, *, terug=None, **extra):
    return ClientRequest(client).open("POST", "resident.answer_question", question_id=question_id, terug=terug,
                                      _data={"answer": value, **extra})


def walk(client, answers):
    start(client)
    location = "/geldcheck/vraag/group"
    while location.startswith("/geldcheck/vraag/"):
        question_id = location.rsplit("/", 1)[1].split("?")[0]
        response = answer(client, question_id, answers[question_id])
        assert response.status_code == 302, page(response).select_one(".error")
        location = response.headers["Location"]
    return location


def test_start_page_offers_the_money_check(client):
    link = page(client.get("/")).select_one("a[href='/geldcheck']")
    assert link.get_text(strip=True) == "Doe de geldcheck (ongeveer 3 minuten)"


def test_a_question_page_shows_progress_and_a_back_link(client):
    start(client)
    answer(client, "group", "none")
    soup = page(client.get("/geldcheck/vraag/crisis"))
    assert soup.select_one(".progress").get_text(strip=True) == "Vraag 2 van ongeveer 13"
    assert soup.select_one("a.back")["href"] == "/geldcheck/vraag/group"
    assert soup.select_one("legend h1").get_text(strip=True) == "Gebeurt er nu een van deze dingen?"
    assert soup.select_one("fieldset")["aria-describedby"] == "answer-hint"
    assert_unique_ids(soup)


def test_going_back_keeps_the_answer(client):
    start(client)
    answer(client, "group", "youth")
    soup = page(client.get("/geldcheck/vraag/group"))
    assert soup.select_one("input[value=youth]").has_attr("checked")


def test_no_choice_gets_a_kind_error_tied_to_the_field(client):
    start(client)
    response = answer(client, "group", "")
    soup = page(response)
    assert response.status_code == 200
    assert soup.select_one("#answer-error").get_text(strip=True).endswith("Kies het antwoord dat het best past.")
    assert "answer-error" in soup.select_one("fieldset")["aria-describedby"]
    assert soup.select_one(".error-summary a")["href"] == "#answer-0"
    assert soup.title.get_text().startswith("Fout:")


def test_none_cannot_be_combined_with_other_choices(client):
    start(client)
    answer(client, "group", "none")
    soup = page(answer(client, "crisis", ["none", "eviction"]))
    assert "Nee, geen van deze" in soup.select_one("#answer-error").get_text()
    assert soup.select_one("input[value=eviction]").has_attr("checked"), "the answers stay filled in"


def test_an_unknown_option_is_refused(client):
    start(client)
    soup = page(answer(client, "group", "king"))
    assert soup.select_one("#answer-error") is not None


def test_cannot_jump_ahead_by_url(client):
    start(client)
    response = client.get("/geldcheck/vraag/collectors")
    assert response.headers["Location"] == "/geldcheck/vraag/group"


def test_without_a_draft_the_resident_is_sent_to_the_start_kindly(client):
    response = client.get("/geldcheck/vraag/group")
    assert response.headers["Location"] == "/geldcheck?verlopen=1"
    assert "opnieuw beginnen" in page(client.get("/geldcheck?verlopen=1")).get_text()


def test_unknown_question_is_404(client):
    start(client)
    assert client.get("/geldcheck/vraag/nope").status_code == 404


def test_full_walk_to_the_summary_and_change_an_answer(client, municipalities):
    assert walk(client, {**CALM, "postcode": "2651 AB"}) == "/geldcheck/overzicht"
    soup = page(client.get("/geldcheck/overzicht"))
    rows = {dt.get_text(strip=True): dd for dt, dd in zip(soup.select("dt"), soup.select("dd"), strict=True)}
    assert "Gemeente Lansingerland" in rows["Wat is uw postcode?"].get_text()
    change = rows["Hoe lang heeft u al geldzorgen?"].select_one("a")["href"]
    assert change == "/geldcheck/vraag/duration?terug=overzicht"
    response = answer(client, "duration", "long", terug="overzicht")
    assert response.headers["Location"] == "/geldcheck/overzicht"


def test_the_postcode_is_never_stored_only_the_municipality(client, municipalities, db_session):
    walk(client, {**CALM, "postcode": "2651 AB"})
    answers = db_session.scalars(select(SelfTestDraft.answers)).one()
    assert answers["postcode"] == "lansingerland"
    assert "2651" not in str(answers)


def test_postcode_can_be_skipped(client):
    start(client)
    for question_id, value in CALM.items():
        if question_id == "postcode":
            break
        answer(client, question_id, value)
    response = answer(client, "postcode", "nonsense", skip="1")
    assert response.headers["Location"] == "/geldcheck/overzicht"


def test_a_wrong_postcode_is_explained(client):
    walk(client, {**CALM, "postcode": ""})
    soup = page(answer(client, "postcode", "12", terug="overzicht"))
    assert "Of sla de vraag over." in soup.select_one("#answer-error").get_text()
    assert soup.select_one("#answer")["value"] == "12"


def finish(client):
    return ClientRequest(client).open("POST", "resident.finish_selftest")


def test_crisis_result_gives_the_fast_lane_with_the_municipality_number(client, municipalities, db_session):
    walk(client, {**CALM, "crisis": ["eviction"], "children": "yes", "postcode": "9712"})
    assert finish(client).headers["Location"] == "/geldcheck/uitslag"
    soup = page(client.get("/geldcheck/uitslag"))
    assert soup.h1.get_text(strip=True) == "Dit is dringend. Bel vandaag nog."
    crisis = soup.select_one(".panel.crisis")
    assert crisis.select_one("a.tel").get_text(strip=True) == "14 050"
    assert "binnen 3 werkdagen" in crisis.get_text()
    assert "verhuurder" in crisis.get_text()
    assert "WIJ Groningen" in soup.get_text()
    counted = db_session.scalars(select(SelfTestCount)).one()
    assert (counted.municipality, counted.route, counted.crisis) == ("groningen", "crisis", True)


def test_crisis_can_skip_the_remaining_questions(client, municipalities):
    start(client)
    answer(client, "group", "none")
    answer(client, "crisis", ["no_food"])
    soup = page(client.get("/geldcheck/vraag/fixed_costs"))
    assert soup.select_one(".panel.crisis form")["action"] == "/geldcheck/uitslag"
    finish(client)
    assert page(client.get("/geldcheck/uitslag")).h1.get_text(strip=True) == "Dit is dringend. Bel vandaag nog."


@pytest.mark.parametrize("changes,heading", [
    ({}, "U heeft uw geldzaken goed op een rij"),
    ({"collectors": "bailiff"}, "Hulp van de gemeente past bij u"),
    ({"collectors": "collection"}, "Een vrijwilliger kan met u meekijken"),
    ({"income": "none", "helpers": "nobody"}, "Vraag eerst advies, zonder uw naam"),
])
def test_each_route_has_its_own_plain_result(client, municipalities, changes, heading):
    walk(client, {**CALM, **changes, "postcode": "7241"})
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    assert soup.h1.get_text(strip=True) == heading


def test_result_explains_why_and_names_the_partners(client, municipalities):
    walk(client, {**CALM, "collectors": "bailiff", "postcode": "2651"})
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    assert "U krijgt brieven van een deurwaarder." in soup.get_text()
    assert "PLANgroep" in soup.get_text()


def test_result_without_postcode_offers_to_find_the_municipality(client):
    walk(client, {**CALM, "collectors": "bailiff"})
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    assert soup.select_one("main a[href='/uw-gemeente']") is not None
    assert "14 met het netnummer" in soup.get_text()


def test_group_advice_for_an_entrepreneur_names_the_desk(client, municipalities):
    answers = {**CALM, "income": "own_business", "business_running": "running", "business_debts": "both",
               "tax_debts": "yes", "postcode": "2661"}
    walk(client, answers)
    finish(client)
    text = page(client.get("/geldcheck/uitslag")).get_text()
    assert "Voor ondernemers" in text and "Regionaal Bureau voor Zelfstandigen" in text


def test_result_can_be_saved_and_holds_nothing_identifying(client, municipalities):
    walk(client, {**CALM, "collectors": "bailiff", "postcode": "2651 AB"})
    finish(client)
    response = client.get("/geldcheck/uitslag.txt")
    assert response.mimetype == "text/plain"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "Hulp van de gemeente past bij u" in text and "14 010" in text
    assert not re.search(r"\b2651\b", text)


def test_clearing_the_result_removes_it(client, municipalities):
    walk(client, CALM)
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    assert soup.select_one("form[action='/geldcheck/wissen'] button") is not None
    asked = ClientRequest(client).post("resident.clear_selftest", _expected_status=200)
    assert asked.h1.get_text(strip=True) == "Uw uitslag wissen?", "nothing is thrown away without asking"
    assert client.get("/geldcheck/uitslag").status_code == 200
    ClientRequest(client).post("resident.clear_selftest", _data={"confirm": "1"},
                               _expected_redirect="/geldcheck?gewist=1")
    assert client.get("/geldcheck/uitslag").headers["Location"] == "/geldcheck?verlopen=1"


def test_english_questions_come_from_the_catalogue(client):
    client.get("/taal/en")
    start(client)
    soup = page(client.get("/geldcheck/vraag/group"))
    assert soup.select_one("legend h1").get_text(strip=True) != "Wat past het best bij u?"
    assert soup.html["lang"] == "en"


def test_after_the_result_no_new_answers_are_stored(client, db_session):
    walk(client, CALM)
    finish(client)
    response = answer(client, "group", "youth")
    assert response.headers["Location"] == "/geldcheck/uitslag"
    assert db_session.scalars(select(SelfTestDraft.answers)).one() == {}


def test_a_half_check_is_not_counted(client, db_session):
    start(client)
    answer(client, "group", "none")
    answer(client, "crisis", ["none"])
    assert finish(client).headers["Location"] == "/geldcheck/vraag/fixed_costs"
    assert db_session.scalars(select(SelfTestCount)).all() == []


def test_starting_again_asks_then_throws_the_old_draft_away(client, db_session):
    start(client)
    answer(client, "group", "youth")
    asked = page(start(client))
    assert asked.h1.get_text(strip=True) == "Opnieuw beginnen?"
    start(client, confirm="1")
    assert db_session.scalars(select(SelfTestDraft.answers)).all() == [{}]


@pytest.mark.parametrize("weeks", [deadlines.LEGAL_WEEKS, 6])
def test_debt_help_without_a_municipality_names_the_legal_limit(client, monkeypatch, weeks):
    monkeypatch.setattr(deadlines, "LEGAL_WEEKS", weeks)
    walk(client, {**CALM, "collectors": "bailiff"})
    finish(client)
    assert f"Binnen {weeks} weken heeft u een eerste gesprek." in page(client.get("/geldcheck/uitslag")).get_text()


@pytest.mark.parametrize("days", [deadlines.LEGAL_CRISIS_WORKING_DAYS, 2])
def test_crisis_without_a_municipality_names_the_legal_limit(client, monkeypatch, days):
    monkeypatch.setattr(deadlines, "LEGAL_CRISIS_WORKING_DAYS", days)
    walk(client, {**CALM, "crisis": ["eviction"]})
    finish(client)
    crisis = page(client.get("/geldcheck/uitslag")).select_one(".panel.crisis").get_text()
    assert f"binnen {days} werkdagen contact met u opnemen" in crisis


def test_the_crisis_question_has_two_forms_and_no_id_twice(client):
    """The question's form and "show now what I can do" each carried id="csrf_token" (invalid HTML)."""
    start(client)
    answer(client, "group", "none")
    location = answer(client, "crisis", ["eviction"]).headers["Location"]
    soup = page(client.get(location))
    assert len(soup.select("main form")) == 2 and len(soup.select("input[name=csrf_token]")) == 2
    assert not soup.select("#csrf_token")
    assert_unique_ids(soup)


def test_the_crisis_shortcut_comes_before_the_question(client, municipalities):
    start(client)
    answer(client, "group", "none")
    answer(client, "crisis", ["cutoff"])
    main = page(client.get("/geldcheck/vraag/fixed_costs")).select_one("main")
    elements = main.find_all(["div", "form", "fieldset"])
    panel = main.select_one(".panel.crisis")
    question_form = next(form for form in main.find_all("form") if form.select_one("[name=answer]"))
    assert elements.index(panel) < elements.index(question_form)
    assert "14 met het netnummer" in panel.get_text()
    assert "Verder gaan met de vragen mag ook." in panel.get_text()


@pytest.mark.parametrize("route_changes", [{}, {"collectors": "bailiff"}, {"crisis": ["eviction"]}])
def test_outside_every_municipality_the_result_offers_no_sign_up(client, municipalities, db_session, route_changes):
    walk(client, {**CALM, **route_changes, "postcode": "1011"})
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    main = soup.select_one("main")
    assert main.select("a[href^='/aanmelden']") == [] and "Meld u" not in main.get_text()
    assert main.select("a[href='/vraag-stellen']") == []  # anonymous questions go to one of our municipalities
    assert main.select("a[href='/uw-gemeente']") == []
    assert "Hulp van uw eigen gemeente" in main.get_text()
    assert "14 met het netnummer" in main.get_text()
    assert main.select_one("a[href='https://www.geldfit.nl']") is not None
    assert main.select_one("span[lang=nl]").get_text() == "schuldhulp"
    assert "Bewaar uw uitslag" in main.get_text()  # the self-help part stays
    assert db_session.scalars(select(SelfTestCount)).one().municipality == ""
    download = client.get("/geldcheck/uitslag.txt").get_data(as_text=True)
    assert "Vraag naar schuldhulp." in download


def test_without_a_postcode_the_sign_up_is_still_offered(client):
    walk(client, {**CALM, "collectors": "bailiff"})
    finish(client)
    assert page(client.get("/geldcheck/uitslag")).select_one("main a[href='/aanmelden']") is not None


ENTREPRENEUR_IN_DEBT = {**CALM, "group": "entrepreneur", "business_debts": "both", "tax_debts": "yes",
                        "collectors": "bailiff", "postcode": "7241"}
BBZ = "Bbz (Besluit bijstandverlening zelfstandigen) is hulp van de gemeente voor ondernemers"


def _partner_names(soup):
    return [item.get_text(strip=True).split(" – ")[0] for item in soup.select("main h2 + ul")[0].select("li")]


def test_a_running_business_sees_the_entrepreneurs_desk_first_with_bbz_explained(client, municipalities):
    walk(client, {**ENTREPRENEUR_IN_DEBT, "business_running": "running"})
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    assert soup.h1.get_text(strip=True) == "Hulp van de gemeente past bij u"
    assert _partner_names(soup) == ["Bbz-loket voor zelfstandigen", "Stadsbank Oost Nederland"]
    assert soup.get_text().count(BBZ) == 1
    assert soup.get_text().count("Bbz-loket voor zelfstandigen") == 1  # not again under "Voor ondernemers"


def test_a_stopped_business_keeps_the_formal_help_first_and_bbz_is_explained_where_it_shows(client, municipalities):
    walk(client, {**ENTREPRENEUR_IN_DEBT, "business_running": "stopped"})
    finish(client)
    soup = page(client.get("/geldcheck/uitslag"))
    assert _partner_names(soup) == ["Stadsbank Oost Nederland"]
    assert "Bbz-loket voor zelfstandigen" in soup.get_text() and soup.get_text().count(BBZ) == 1


def test_an_answer_reads_the_draft_once_and_writes_it_with_one_update(app, client):
    # The money check's hottest path (issue 19): catches the draft read a second time inside the service, or written
    # by an ORM load-and-flush (a SELECT before the UPDATE).
    start(client)
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        if "selftest_draft" in statement:
            statements.append(statement.split()[0].upper())

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert answer(client, "group", "none").status_code == 302
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements == ["SELECT", "UPDATE"]
