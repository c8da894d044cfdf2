"""Issue 15, case page details: the contact form against what the resident agreed to, a message after every save,
free text in its own direction, and sources and channels by name."""

from sqlalchemy import select

from portal.models import AuditEntry, CaseEvent
from portal.services import signup
from tests.conftest import page
from tests.staff_fixtures import log_in

ARABIC = "أخاف من رسائل الجباية"


def _flashes(soup):
    return [(panel["role"], panel.get_text(" ", strip=True)) for panel in soup.select("main .panel")]


def _kind_field(soup):
    return soup.select_one("#kind").find_parent("div", class_="field")


def test_no_voicemail_is_warned_next_to_the_choice_and_tied_to_it(client, client_request, staff, make_case):
    case = make_case(phone="+31612345678", channels=["phone"])  # the sign-up's default: voicemail "no"
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_case", case_id=case.id)
    field = _kind_field(soup)
    warning = field.select_one(".contact-warning")
    assert "Deze persoon wil geen voicemail. Spreek niets in." in warning.select_one("strong").get_text()
    assert warning["id"] in soup.select_one("#kind")["aria-describedby"].split(), "read out with the choice"
    options = {o["value"]: o.get_text() for o in soup.select("#kind option")}
    assert options["voicemail"] == "Voicemail ingesproken (wil geen voicemail)"
    assert options["call"] == "Gebeld"


def test_with_voicemail_allowed_there_is_no_voicemail_warning(client, client_request, staff, make_case):
    case = make_case(phone="+31612345678", channels=["phone"], answers={"bereikbaarheid": {"voicemail": "yes"}})
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_case", case_id=case.id)
    assert "geen voicemail" not in _kind_field(soup).get_text()
    assert {o["value"]: o.get_text() for o in soup.select("#kind option")}["voicemail"] == "Voicemail ingesproken"


def test_a_refused_voicemail_is_not_logged_and_the_typed_note_stays(client, client_request, staff, make_case,
                                                                     db_session):
    case = make_case(phone="+31612345678", channels=["phone"])
    log_in(client, "regisseur")
    soup = client_request.post("staff.log_contact_attempt", case_id=case.id, _expected_status=200,
                               _data={"kind": "voicemail", "reached": "no", "note": "Twee keer overgegaan"})
    error = _kind_field(soup).select_one(".error").get_text(" ", strip=True)
    assert "Deze persoon wil geen voicemail." in error
    assert soup.select_one("#kind")["aria-invalid"] == "true"
    assert soup.select_one("#note").get_text().strip() == "Twee keer overgegaan", "the typed note is kept"
    assert soup.select_one("#reached-1").has_attr("checked"), "and the other choices too"
    assert soup.select_one("#contact form")["action"].endswith("#contact"), "the page opens at the form"
    assert db_session.scalars(select(CaseEvent).where(CaseEvent.kind == "contact")).all() == []
    assert "log_contact" not in db_session.scalars(select(AuditEntry.action)).all()


def test_an_empty_contact_form_shows_its_errors_next_to_the_fields(client, client_request, staff, make_case):
    case = make_case()
    log_in(client, "regisseur")
    soup = client_request.post("staff.log_contact_attempt", case_id=case.id, _expected_status=200,
                               _data={"note": "Niets gekozen"})
    assert "Kies hoe u contact zocht." in _kind_field(soup).get_text()
    assert soup.select_one("#note").get_text().strip() == "Niets gekozen"


def test_a_way_the_resident_did_not_choose_is_marked_logged_and_warned(client, client_request, staff, make_case,
                                                                        db_session):
    case = make_case(phone="+31612345678", channels=["whatsapp"])
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_case", case_id=case.id)
    options = {o["value"]: o.get_text() for o in soup.select("#kind option")}
    assert options["sms"] == "Sms gestuurd (niet afgesproken)" and options["whatsapp"] == "WhatsApp gestuurd"
    assert "Niet afgesproken met deze persoon: Gebeld, Sms gestuurd" in _kind_field(soup).get_text()
    shown = client_request.post("staff.log_contact_attempt", case_id=case.id, _follow_redirects=True,
                                _data={"kind": "sms", "reached": "no"})
    assert _flashes(shown) == [("status", "Opgeslagen: contactpoging ‘Sms gestuurd’."),
                               ("alert", "Let op: deze persoon koos niet voor deze manier van contact.")]
    assert db_session.scalars(select(CaseEvent.data).where(CaseEvent.kind == "contact")).one()["kind"] == "sms"


def test_each_save_on_the_case_page_says_what_was_saved(client, client_request, staff, make_case):
    case = make_case(phone="+31612345678", channels=["phone"])
    log_in(client, "regisseur")

    def save(endpoint, **data):
        return _flashes(client_request.post(endpoint, case_id=case.id, _data=data, _follow_redirects=True))

    assert save("staff.claim_case") == [("status", "Opgeslagen: u hebt deze zaak opgepakt.")]
    assert save("staff.log_contact_attempt", kind="call", reached="yes") == [
        ("status", "Opgeslagen: contactpoging ‘Gebeld’.")]
    assert save("staff.change_case_status", target="intake_planned") == [
        ("status", "Opgeslagen: de status is nu ‘Intake gepland’.")]
    assert save("staff.add_case_note", text="Komt dinsdag.") == [
        ("status", "Opgeslagen: uw notitie staat in de tijdlijn.")]
    refused = save("staff.change_case_status", target="new")
    assert [role for role, _text in refused] == ["alert"], "a refused move is an alert, never 'Opgeslagen'"
    assert _flashes(client_request.get("staff.show_case", case_id=case.id)) == [], "shown once"


def test_after_a_save_the_page_opens_at_the_top_where_the_message_is(client, client_request, staff, make_case):
    case = make_case()
    log_in(client, "regisseur")
    page_url = client_request.url("staff.show_case", case_id=case.id)
    client_request.post("staff.add_case_note", case_id=case.id, _data={"text": "Komt dinsdag."},
                        _expected_redirect=page_url)
    client_request.post("staff.add_case_note", case_id=case.id, _data={"text": ""},
                        _expected_redirect=page_url + "#notities")


def test_a_refused_status_move_is_an_alert_not_a_success(client, client_request, staff, make_case):
    case = make_case()
    log_in(client, "regisseur")
    shown = client_request.post("staff.change_case_status", case_id=case.id, _follow_redirects=True,
                                _data={"target": "intake_planned"})
    assert _flashes(shown) == [("alert", "Deze stap kan niet vanuit de huidige status.")]
    unchosen = client_request.post("staff.change_case_status", case_id=case.id, _follow_redirects=True,
                                   _data={"target": ""})
    assert _flashes(unchosen) == [("alert", "Kies een nieuwe status.")]


def test_saving_and_deleting_a_filter_say_so(client, client_request, staff):
    log_in(client, "regisseur")
    saved = client_request.post("staff.save_filter", group="youth", _data={"name": "Jongeren"},
                                _follow_redirects=True)
    assert _flashes(saved) == [("status", "Opgeslagen: filter ‘Jongeren’.")]
    button = saved.select_one("ul.saved-filters form")
    deleted = page(client.post(button["action"], follow_redirects=True,
                               data={"csrf_token": button.select_one("input[name=csrf_token]")["value"]}))
    assert _flashes(deleted) == [("status", "Verwijderd: filter ‘Jongeren’.")]
    assert deleted.select_one("ul.saved-filters") is None


def test_a_filter_without_a_name_says_why_it_was_not_saved(client, client_request, staff):
    log_in(client, "regisseur")
    shown = client_request.post("staff.save_filter", _data={"name": ""}, _follow_redirects=True)
    assert _flashes(shown) == [("alert", "Geef het filter een naam.")]


def test_free_text_reads_in_its_own_direction(client, client_request, staff, make_case, db_session):
    case = make_case(call_name="فاطمة", answers={"situatie": {"own_words": ARABIC}})
    signup.add_from_resident(db_session, case, "لدي رسالة جديدة")
    log_in(client, "regisseur")
    client_request.post("staff.add_case_note", case_id=case.id, _data={"text": "اتصلت مرة أخرى"})
    client_request.post("staff.log_contact_attempt", case_id=case.id,
                        _data={"kind": "letter", "reached": "no", "note": "رسالة أرسلت"})
    soup = client_request.get("staff.show_case", case_id=case.id)
    own_words = soup.find(string=ARABIC).parent
    assert own_words["dir"] == "auto"
    for text in ("لدي رسالة جديدة", "اتصلت مرة أخرى", "رسالة أرسلت"):
        assert soup.find(string=text).parent["dir"] == "auto", text
    assert soup.select_one("#contact-title bdi").get_text() == "فاطمة", "the name does not turn the heading around"
    assert soup.select_one("#text")["dir"] == "auto" and soup.select_one("#note")["dir"] == "auto", "typing too"


def test_the_source_shows_as_its_partner_and_channel(client, client_request, staff, make_case):
    case = make_case(source="lansingerland-woning", source_reason="rent_arrears", channels=["letter", "email"])
    log_in(client, "regisseur")
    what = client_request.get("staff.show_case", case_id=case.id).select_one("#what-title").parent.get_text(" ")
    assert "Bron: Woningcorporatie (brief huurachterstand) – Brief (Huurachterstand)" in what
    assert "lansingerland-woning" not in what
    assert "Ingevuld: Zelf online ingevuld" in what
    client.set_cookie("lang", "en")
    english = client_request.get("staff.show_case", case_id=case.id).select_one("#what-title").parent.get_text(" ")
    assert "– Letter (Rent arrears)" in english and "Filled in online by the resident" in english


def test_a_national_link_and_an_anonymous_question_are_named_too(client, client_request, staff, make_case,
                                                                  db_session, municipalities):
    from portal.services.source_labels import source_labels

    labels = source_labels(db_session, municipalities["lansingerland"].id)
    assert labels["bank-landelijk"] == "Bank (app, rood staan), landelijk – Bank-app"
    assert labels["anonymous-advice"] == "Anonieme vraag"
    assert "groningen-bank" not in labels, "another municipality's links are not this one's sources"


def test_the_queue_names_sources_in_its_filter_and_its_rows(client, client_request, staff, make_case):
    make_case(source="lansingerland-bank", source_reason="overdraft")
    make_case(source="lansingerland-gone")  # a link removed since: shown as stored
    log_in(client, "regisseur")
    soup = client_request.get("staff.show_queue")
    options = {o["value"]: o.get_text() for o in soup.select("#source option")}
    assert options["lansingerland-bank"] == "Bank (app, rood staan), klanten in Lansingerland – Bank-app"
    assert options["lansingerland-gone"] == "lansingerland-gone"
    rows = soup.select("tbody tr")
    assert any("klanten in Lansingerland – Bank-app" in row.get_text() for row in rows)
    filtered = client_request.get("staff.show_queue", source="lansingerland-bank").select("tbody tr")
    assert len(filtered) == 1, "the filter still filters on the code"
