import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from babel.dates import format_date
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from portal.models import Aanmelding, AanmeldingDraft, OutboxMessage, SelfTestCount
from portal.rules.deadlines import local_date
from portal.rules.reference import is_valid_reference
from portal.rules.working_days import working_days_after
from portal.services import signup
from portal.services.signup import RESUME_SALT
from tests.client_request import ClientRequest
from tests.conftest import page
from tests.resident.signup_helpers import DEFAULT_STEPS, fill_steps, post_step, start_signup, submit


def _count(db_session, model):
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(model))


def test_sign_up_is_offered_from_the_start_page(client):
    assert page(client.get("/")).select_one("a[href='/aanmelden']") is not None


def test_a_full_sign_up_becomes_exactly_one_case_with_its_dates(client, municipalities, db_session):
    assert fill_steps(client) == "/aanmelden/controleren"
    response = submit(client)
    assert response.headers["Location"] == "/aanmelden/klaar"
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.municipality.slug == "lansingerland"
    assert aanmelding.phone == "+31612345678" and aanmelding.call_name == "Sam"
    assert aanmelding.children == "yes" and not aanmelding.crisis and aanmelding.topics == ["rent", "energy"]
    signed_up = local_date(aanmelding.submitted_at)
    assert aanmelding.legal_deadline == signed_up + timedelta(weeks=4)
    assert signed_up < aanmelding.first_contact_due <= signed_up + timedelta(days=14)
    assert is_valid_reference(aanmelding.reference)
    assert _count(db_session, AanmeldingDraft) == 0, "the draft is gone once it became a case"

    soup = page(client.get("/aanmelden/klaar"))
    assert soup.select_one(".reference").get_text(strip=True) == aanmelding.reference
    expected = format_date(aanmelding.first_contact_due, "EEEE d MMMM", locale="nl")
    assert f"Wij nemen uiterlijk {expected} contact met u op." in soup.select_one("ol.steps").get_text()
    assert soup.select_one("a.tel").get_text(strip=True) == "14 010"


def test_a_crisis_gets_three_working_days(client, municipalities, db_session):
    fill_steps(client, {"dringend": {"urgent": ["eviction", "cutoff"], "eviction_date": "15-12-2026",
                                     "cutoff_date": "9-12-2026"}})
    rows = page(client.get("/aanmelden/controleren")).get_text(" ")
    assert "15 december 2026" in rows and "9 december 2026" in rows, "both days on the check page"
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.crisis and aanmelding.crisis_kinds == ["eviction", "cutoff"]
    assert aanmelding.eviction_date.isoformat() == "2026-12-15"
    assert aanmelding.cutoff_date.isoformat() == "2026-12-09"
    assert aanmelding.legal_deadline == working_days_after(local_date(aanmelding.submitted_at), 3)
    assert "dringend" in page(client.get("/aanmelden/klaar")).select_one("ol.steps").get_text()


def test_double_submit_and_refresh_give_one_case(client, municipalities, db_session):
    fill_steps(client)
    form_token = ClientRequest(client).csrf_token()
    first = client.post("/aanmelden/controleren", data={"csrf_token": form_token})
    again = client.post("/aanmelden/controleren", data={"csrf_token": form_token})
    assert first.headers["Location"] == again.headers["Location"] == "/aanmelden/klaar"
    assert _count(db_session, Aanmelding) == 1


def test_a_double_tap_whose_second_request_left_first_gets_the_confirmation_too(client, app, municipalities,
                                                                               db_session):
    """Two taps leave with the same cookie; the second lands after the first made the case and deleted the draft.

    The browser shows only the second answer: it must be the confirmation with the same reference, not 'start again'
    (scripts/load_test.py found this under load).
    """
    fill_steps(client)
    form_token = ClientRequest(client).csrf_token()
    second_tap = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    second_tap.set_cookie(cookie.key, cookie.value)
    first = client.post("/aanmelden/controleren", data={"csrf_token": form_token})
    late = second_tap.post("/aanmelden/controleren", data={"csrf_token": form_token})
    assert first.headers["Location"] == late.headers["Location"] == "/aanmelden/klaar"
    shown = [page(c.get("/aanmelden/klaar")).select_one(".reference").get_text(strip=True)
             for c in (client, second_tap)]
    assert shown[0] == shown[1] == db_session.scalars(select(Aanmelding.reference)).one()


def test_going_back_after_submitting_does_not_make_a_second_case(client, municipalities, db_session):
    fill_steps(client)
    submit(client)
    assert client.get("/aanmelden/controleren").headers["Location"].startswith("/aanmelden")
    assert _count(db_session, Aanmelding) == 1


def test_an_error_is_shown_next_to_the_field_and_the_rest_is_kept(client, municipalities):
    fill_steps(client, stop_before="contact")
    response = post_step(client, "contact", {"call_name": "Sam", "channels": ["phone", "email"], "phone": "",
                                             "email": "sam@voorbeeld", "postal_address": ""})
    soup = page(response)
    assert soup.select_one("#phone-error").get_text(strip=True).endswith("Of kies een andere manier.")
    assert "naam@voorbeeld.nl" in soup.select_one("#email-error").get_text()
    assert soup.select_one("#call_name")["value"] == "Sam"
    assert soup.select_one("input[name=channels][value=email]").has_attr("checked")
    assert soup.select_one("#email")["aria-invalid"] == "true"


def test_nothing_chosen_on_the_situation_step_asks_kindly(client, municipalities):
    fill_steps(client, stop_before="situatie")
    soup = page(post_step(client, "situatie", {"own_words": "   "}))
    assert "Of schrijf kort wat er speelt." in soup.select_one("#topics-error").get_text()


def test_own_words_alone_are_enough(client, municipalities):
    fill_steps(client, stop_before="situatie")
    response = post_step(client, "situatie", {"own_words": "Ik weet niet waar ik moet beginnen."})
    assert response.headers["Location"] == "/aanmelden/stap/dringend"


def test_each_channel_box_names_the_details_it_reveals_and_each_detail_is_wrapped(client, municipalities):
    fill_steps(client, stop_before="contact")
    soup = page(client.get("/aanmelden/stap/contact"))
    boxes = {box["value"]: box.get("data-reveals") for box in soup.select("input[name=channels]")}
    assert boxes == {"phone": "phone", "whatsapp": "phone", "sms": "phone", "email": "email",
                     "letter": "postal_address", "visit": None}
    assert [wrapper["data-field"] for wrapper in soup.select(".reveal")] == ["phone", "email", "postal_address"]
    assert soup.select_one(".reveal[data-field=postal_address] textarea[autocomplete=street-address]")
    assert soup.select_one("#call_name").find_parent(class_="reveal") is None


def test_stop_and_wipe_asks_first_then_deletes_the_draft_and_its_resume_link(client, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    link = page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]
    step = page(client.get("/aanmelden/stap/kinderen"))
    assert step.select_one("a[href='/aanmelden/wissen?terug=kinderen']") is not None
    asked = page(client.get("/aanmelden/wissen?terug=kinderen"))
    assert asked.select_one("a.button")["href"] == "/aanmelden/stap/kinderen"
    assert db_session.scalars(select(AanmeldingDraft)).all(), "asking is not yet wiping"
    response = client.post("/aanmelden/wissen", data={"csrf_token": ClientRequest(client).csrf_token()})
    assert response.headers["Location"] == "/aanmelden/gewist"
    db_session.expire_all()
    assert db_session.scalars(select(AanmeldingDraft)).all() == []
    assert page(client.get("/aanmelden/gewist")).h1.get_text(strip=True) == "Uw antwoorden zijn gewist"
    assert client.get(link.replace("http://localhost:5000", "")).status_code in (404, 410)


def test_a_wrong_phone_number_is_explained(client, municipalities):
    fill_steps(client, stop_before="contact")
    soup = page(post_step(client, "contact", {"call_name": "Sam", "channels": ["sms"], "phone": "12345"}))
    assert "06 12345678" in soup.select_one("#phone-error").get_text()


def test_cannot_skip_ahead_by_url(client, municipalities):
    start_signup(client)
    assert client.get("/aanmelden/stap/toestemming").headers["Location"] == "/aanmelden/stap/postcode"


def test_postcode_outside_every_municipality_gets_a_kind_message_and_keeps_nothing(client, municipalities, db_session):
    assert start_signup(client).headers["Location"] == "/aanmelden/stap/postcode", "where someone lives comes first"
    response = post_step(client, "postcode", {"postcode": "1011 AB"})
    assert response.status_code == 200
    soup = page(response)
    assert "14 met het netnummer" in soup.get_text() and "geldfit.nl" in soup.get_text()
    assert not soup.select("form[action$='/aanmelden/start']"), "no sign-up offered that nobody can handle"
    assert db_session.scalars(select(AanmeldingDraft)).all() == []
    assert client.get("/aanmelden/stap/situatie").headers["Location"].startswith("/aanmelden?verlopen=1")


def test_consent_is_required_with_a_kind_message(client, municipalities):
    fill_steps(client, stop_before="toestemming")
    soup = page(post_step(client, "toestemming", {}))
    assert "Zonder dit kunnen we u niet helpen" in soup.select_one("#consent-error").get_text()


def test_check_page_lists_answers_with_change_links(client, municipalities):
    fill_steps(client)
    soup = page(client.get("/aanmelden/controleren"))
    rows = {dt.get_text(strip=True): dd for dt, dd in zip(soup.select("dt"), soup.select("dd"), strict=True)}
    assert rows["Gemeente"].get_text(" ", strip=True).startswith("Lansingerland")
    assert "Bellen, WhatsApp" in rows["Hoe mogen we contact met u opnemen?"].get_text()
    link = rows["Wonen er kinderen bij u thuis?"].select_one("a")["href"]
    assert link == "/aanmelden/stap/kinderen?terug=controleren"
    response = post_step(client, "kinderen", {"children": "no"}, query="?terug=controleren")
    assert response.headers["Location"] == "/aanmelden/controleren"


def test_continue_later_keeps_even_unfinished_answers_and_resumes(client, municipalities, app):
    fill_steps(client, stop_before="contact")
    response = post_step(client, "contact", {"call_name": "Sam", "channels": ["phone"], "phone": "", "later": "1"})
    assert response.headers["Location"] == "/aanmelden/later"
    link = page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]
    path = urlsplit(link).path

    other_device = app.test_client()
    welcome = page(other_device.get(path))
    assert welcome.h1.get_text(strip=True) == "Welkom terug"
    response = other_device.post(path, data={"csrf_token": ClientRequest(other_device).csrf_token(),
                                             "choice": "continue"})
    assert response.headers["Location"] == "/aanmelden/stap/contact"
    soup = page(other_device.get("/aanmelden/stap/contact"))
    assert soup.select_one("#call_name")["value"] == "Sam"


def test_opening_the_link_uses_nothing_up_only_the_button_does(client, municipalities, app, db_session):
    """Mail scanners and link previews open links before the resident does: that must not spend the link."""
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    path = urlsplit(page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]).path
    draft_before = db_session.scalars(select(AanmeldingDraft.id)).one()
    for _ in range(3):
        assert app.test_client().get(path).status_code == 200  # a scanner, a preview, a second look
    db_session.expire_all()
    assert db_session.scalars(select(AanmeldingDraft.id)).one() == draft_before

    resident = app.test_client()
    assert resident.get(path).status_code == 200
    assert resident.post(path, data={"csrf_token": ClientRequest(resident).csrf_token(),
                                     "choice": "continue"}).status_code == 302
    late = app.test_client()
    assert late.get(path).status_code == 410, "once used, the link is spent"


def test_start_again_from_the_resume_link_throws_the_draft_away(client, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    link = page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]
    path = urlsplit(link).path
    client.post(path, data={"csrf_token": ClientRequest(client).csrf_token(), "choice": "restart"})
    assert _count(db_session, AanmeldingDraft) == 0


def test_an_expired_resume_link_says_so_kindly_and_the_draft_is_deleted(client, municipalities, app, db_session,
                                                                        monkeypatch):
    fill_steps(client, stop_before="kinderen")
    draft_id = db_session.scalars(select(AanmeldingDraft.id)).one()
    with monkeypatch.context() as patch:
        fifteen_days_ago = time.time() - 15 * 24 * 3600
        patch.setattr("itsdangerous.timed.time.time", lambda: fifteen_days_ago)
        old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=RESUME_SALT).dumps({"d": draft_id})
    response = client.get(f"/aanmelden/verder/{old}")
    assert response.status_code == 410
    assert page(response).h1.get_text(strip=True) == "Deze link werkt niet meer"
    assert _count(db_session, AanmeldingDraft) == 0


def test_a_tampered_resume_link_reads_nothing(client, municipalities, app, db_session):
    fill_steps(client, stop_before="kinderen")
    draft_id = db_session.scalars(select(AanmeldingDraft.id)).one()
    forged = URLSafeTimedSerializer("not-the-secret", salt=RESUME_SALT).dumps({"d": draft_id})
    response = app.test_client().get(f"/aanmelden/verder/{forged}")
    assert response.status_code == 404
    assert page(response).h1.get_text(strip=True) == "Deze link klopt niet"


def test_resume_link_can_be_sent_by_email_without_storing_the_address(client, client_request, municipalities,
                                                                       db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    shown = client_request.post("resident.show_resume_link", _data={"address": "sam@example.org"},
                                _expected_status=200)
    assert "De link is verstuurd." in shown.get_text()
    message = db_session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "sam@example.org" and "/aanmelden/verder/" in message.body
    draft = db_session.scalars(select(AanmeldingDraft)).one()
    assert "sam@example.org" not in str(draft.answers)


def test_confirmation_can_be_sent_by_sms(client, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["phone", "sms"]}})
    submit(client, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert message.channel == "sms" and message.recipient == "+31612345678"
    assert aanmelding.reference in message.body


def test_a_resident_who_chose_only_a_letter_gets_a_queued_letter_and_is_told_so(client, municipalities,
                                                                              db_session):
    fill_steps(client, {"contact": {"channels": ["letter"], "phone": "", "email": "",
                                    "postal_address": "Dorpsstraat 1\n2651 AB Berkel en Rodenrijs"}})
    check = page(client.get("/aanmelden/controleren"))
    assert check.select_one("input[name=send_confirmation]") is not None, "a letter is a confirmation too"
    submit(client, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert (message.channel, message.state) == ("letter", "queued")
    assert message.recipient == "Dorpsstraat 1\n2651 AB Berkel en Rodenrijs"
    assert aanmelding.reference in message.body
    said = page(client.get("/aanmelden/klaar")).select_one("main").get_text(" ", strip=True)
    assert "U krijgt ook een brief met de post." in said
    assert "sms" not in said and "e-mail" not in said and "Dorpsstraat" not in said
    message.state = "sent"
    db_session.commit()
    said = page(client.get("/aanmelden/klaar")).select_one("main").get_text(" ", strip=True)
    assert "De gemeente heeft u een brief met de post gestuurd." in said


def _do_selftest(client):
    from tests.questionnaire.conftest import CALM
    from tests.resident.test_selftest_views import finish, walk

    walk(client, {**CALM, "collectors": "bailiff", "group": "youth", "youth_debts": ["fines"],
                  "youth_contact": "chat", "postcode": "2651"})
    finish(client)


def test_money_check_result_is_carried_over_only_on_yes(client, municipalities, db_session):
    _do_selftest(client)
    assert page(client.get("/geldcheck/uitslag")).select_one("a[href='/aanmelden']") is not None
    fill_steps(client, {"geldcheck": {"carry": "yes"}})
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.selftest_summary["route"] == "debt_help"
    assert aanmelding.group == "youth"


def _checked(client, slug: str) -> dict[str, list[str]]:
    soup = page(client.get(f"/aanmelden/stap/{slug}"))
    checked: dict[str, list[str]] = {}
    for box in soup.select("input[checked]"):
        checked.setdefault(box["name"], []).append(box["value"])
    return checked


def _urgent_selftest(client):
    from tests.questionnaire.conftest import CALM
    from tests.resident.test_selftest_views import finish, walk

    walk(client, {**CALM, "crisis": ["eviction"], "children": "yes", "collectors": "bailiff", "group": "youth",
                  "youth_debts": ["fines"], "youth_contact": "chat", "postcode": "2651"})
    finish(client)


def test_what_the_money_check_knew_is_filled_in_on_its_steps_to_confirm(client, municipalities, db_session):
    _urgent_selftest(client)
    fill_steps(client, {"geldcheck": {"carry": "yes"}}, stop_before="situatie")
    soup = page(client.get("/aanmelden/stap/situatie"))
    assert "uit uw geldcheck" in soup.select_one("main .panel").get_text()
    assert _checked(client, "situatie") == {"topics": ["collectors"], "group": ["youth"]}
    post_step(client, "situatie", {"topics": ["collectors", "rent"], "group": "youth"})
    assert _checked(client, "dringend") == {"urgent": ["eviction"]}
    post_step(client, "dringend", {"urgent": ["eviction"]})
    assert _checked(client, "kinderen") == {"children": ["yes"]}
    post_step(client, "kinderen", {"children": "yes"})
    for slug in ("contact", "bereikbaarheid", "toestemming"):
        post_step(client, slug, DEFAULT_STEPS[slug])
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert (aanmelding.crisis_kinds, aanmelding.children, aanmelding.group) == (["eviction"], "yes", "youth")
    assert {"children", "bailiff"} <= set(aanmelding.selftest_summary["reasons"]), "the reasons go along"


def test_saying_no_to_the_money_check_takes_back_what_it_filled_in(client, municipalities, db_session):
    _urgent_selftest(client)
    fill_steps(client, {"geldcheck": {"carry": "yes"}}, stop_before="situatie")
    post_step(client, "geldcheck", {"carry": "no"})
    assert _checked(client, "situatie") == {}
    assert set(db_session.scalars(select(AanmeldingDraft.answers)).one()) == {"postcode", "geldcheck"}


def test_money_check_result_stays_behind_on_no(client, municipalities, db_session):
    _do_selftest(client)
    fill_steps(client, {"geldcheck": {"carry": "no"}})
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.selftest_summary is None and aanmelding.group == "none"


def test_referral_link_source_is_stored_on_the_sign_up_and_counted(client, municipalities, db_session):
    assert client.get("/via/lansingerland-woning").headers["Location"] == "/"
    fill_steps(client)
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert (aanmelding.source, aanmelding.source_reason) == ("lansingerland-woning", "rent_arrears")
    from tests.questionnaire.conftest import CALM
    from tests.resident.test_selftest_views import finish, walk

    walk(client, CALM)
    finish(client)
    assert db_session.scalars(select(SelfTestCount.source)).one() == "lansingerland-woning"


def test_signed_referral_token_carries_context(client, municipalities, app, db_session):
    from portal.services.referrals import make_token

    good = make_token(app.config["SECRET_KEY"], code="groningen-energie", reason="energy_arrears")
    client.get(f"/via/t/{good}")
    fill_steps(client, {"postcode": {"postcode": "9712"}})
    submit(client)
    assert db_session.scalars(select(Aanmelding.source)).one() == "groningen-energie"


def test_tampered_or_unknown_referral_falls_back_to_the_plain_start(client, municipalities, db_session):
    assert client.get("/via/t/not-a-token").headers["Location"] == "/"
    assert client.get("/via/onbekend").headers["Location"] == "/"
    fill_steps(client)
    submit(client)
    assert db_session.scalars(select(Aanmelding.source)).one() is None


def test_no_personal_data_in_any_url(client, municipalities):
    locations = [fill_steps(client), submit(client).headers["Location"]]
    for location in locations:
        assert "Sam" not in location and "6123" not in location and "2651" not in location


def test_continue_later_on_a_finished_postcode_step_keeps_the_municipality(client, municipalities, db_session):
    fill_steps(client, stop_before="toestemming")
    post_step(client, "postcode", {"postcode": "2651 AB", "later": "1"})
    draft = db_session.scalars(select(AanmeldingDraft)).one()
    assert draft.answers["postcode"]["data"] == {"municipality": "lansingerland"}
    assert "2651" not in str(draft.answers)
    post_step(client, "toestemming", {"consent": "y"})
    assert submit(client).headers["Location"] == "/aanmelden/klaar"


def test_continue_later_never_stores_a_raw_postcode(client, municipalities, db_session):
    fill_steps(client, stop_before="postcode")
    post_step(client, "postcode", {"postcode": "2651 AB", "later": "1"})
    assert "2651" not in str(db_session.scalars(select(AanmeldingDraft.answers)).one())


def test_continue_later_keeps_only_known_choices_and_cuts_long_text(client, municipalities, db_session):
    fill_steps(client, stop_before="situatie")
    post_step(client, "situatie", {"topics": ["rent", "<script>"], "own_words": "x" * 5000, "group": "hacker",
                                   "later": "1"})
    data = db_session.scalars(select(AanmeldingDraft.answers)).one()["situatie"]["data"]
    assert data["topics"] == ["rent"] and data["group"] is None and len(data["own_words"]) == 1000


def test_links_in_messages_use_the_configured_address_not_the_host_header(client, municipalities, app, db_session):
    app.config["PUBLIC_BASE_URL"] = "https://hulp.gemeente.example"
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    form_token = ClientRequest(client).csrf_token()
    client.post("/aanmelden/later", data={"csrf_token": form_token, "address": "06 12345678"})
    body = db_session.scalars(select(OutboxMessage.body)).one()
    assert "https://hulp.gemeente.example/aanmelden/verder/" in body and "localhost" not in body


@pytest.mark.parametrize("configured,expected", [(None, "http://localhost:5000/aanmelden/verder/"),
                                                 ("https://hulp.gemeente.example", "https://hulp.gemeente.example/aanmelden/verder/")])
def test_a_forged_host_header_never_ends_up_in_a_resume_link(app, client, municipalities, db_session, configured,
                                                              expected):
    """Finding 12.7: `Host: evil.example` gave http://evil.example/aanmelden/verder/<token>. Links come from
    PUBLIC_BASE_URL (required in production; a local default elsewhere), never from the request."""
    if configured:
        app.config["PUBLIC_BASE_URL"] = configured
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    form_token = ClientRequest(client).csrf_token()
    forged = {"Host": "evil.example", "Cookie": f"portal_session={client.get_cookie('portal_session').value}"}
    attacker = app.test_client(use_cookies=False)
    assert "evil.example" in attacker.get("/vraag-stellen", headers=forged).request.host_url, "the header arrives"
    link = page(attacker.get("/aanmelden/later", headers=forged)).select_one("#resume-link")["value"]
    assert link.startswith(expected) and "evil.example" not in link
    attacker.post("/aanmelden/later", headers=forged, data={"csrf_token": form_token, "address": "06 12345678"})
    body = db_session.scalars(select(OutboxMessage.body)).one()
    assert expected in body and "evil.example" not in body


def test_no_link_is_built_from_the_request():
    """Finding 12.7: absolute links come from security.public_url, which reads only PUBLIC_BASE_URL."""
    from tests.conftest import ROOT

    for path in (ROOT / "portal").rglob("*.py"):
        source = path.read_text()
        for built_from_request in ("host_url", "url_root", "_external=True", "request.host"):
            assert built_from_request not in source, (path.name, built_from_request)


def test_an_unknown_host_header_is_refused_when_hosts_are_configured(migrated_database, tmp_path, monkeypatch):
    from tests.conftest import make_test_app

    monkeypatch.setenv("TRUSTED_HOSTS", "hulp.gemeente.example")
    app = make_test_app(migrated_database, tmp_path)
    assert app.test_client().get("/", headers={"Host": "evil.example"}).status_code == 400
    assert app.test_client().get("/", base_url="https://hulp.gemeente.example").status_code == 200


def test_the_link_is_sent_a_few_times_at_most(client, client_request, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    for _ in range(4):
        shown = client_request.post("resident.show_resume_link", _data={"address": "06 12345678"},
                                    _expected_status=200)
    assert "al een paar keer verstuurd" in shown.get_text()
    assert _count(db_session, OutboxMessage) == 3


def test_nothing_is_offered_to_send_when_no_gateway_is_configured(client, municipalities, app):
    app.config["NOTIFIER"] = "none"
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    assert page(client.get("/aanmelden/later")).select_one("#address") is None


def test_without_sms_and_e_mail_a_letter_still_goes_and_an_sms_is_not_offered(client, municipalities, app,
                                                                               db_session):
    """NOTIFIER=none stops what Notify would send; a letter is printed by the municipality, so it still goes."""
    app.config["NOTIFIER"] = "none"
    fill_steps(client, {"contact": {"channels": ["sms", "letter"], "phone": "06 12345678", "email": "",
                                    "postal_address": "Dorpsstraat 1, Bergschenhoek"}})
    assert page(client.get("/aanmelden/controleren")).select_one("input[name=send_confirmation]") is None, \
        "sms comes first for this resident, and this deployment sends no sms"
    other = app.test_client()
    fill_steps(other, {"contact": {"channels": ["letter"], "phone": "", "email": "",
                                   "postal_address": "Dorpsstraat 1, Bergschenhoek"}})
    assert page(other.get("/aanmelden/controleren")).select_one("input[name=send_confirmation]") is not None
    submit(other, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    assert (message.channel, message.state) == ("letter", "queued")


def test_control_characters_are_removed_before_storing(client, municipalities, db_session):
    fill_steps(client, {"situatie": {"own_words": "Huur\x00 achter\u202e stand"},
                        "contact": {"call_name": "S\x07am"}})
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.own_words == "Huur achter stand" and aanmelding.call_name == "Sam"


def test_details_for_ways_of_contact_not_chosen_are_not_kept(client, municipalities, db_session):
    fill_steps(client, {"contact": {"channels": ["letter"], "phone": "06 12345678", "email": "sam@example.org",
                                    "postal_address": "Dorpsstraat 1, Bergschenhoek"}})
    submit(client, send_confirmation="y")
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert (aanmelding.phone, aanmelding.email) == (None, None)
    assert aanmelding.postal_address == "Dorpsstraat 1, Bergschenhoek"
    # The confirmation goes the way chosen, a letter, never to the typed number or address.
    message = db_session.scalars(select(OutboxMessage)).one()
    assert (message.channel, message.recipient) == ("letter", "Dorpsstraat 1, Bergschenhoek")


def _own_words_on_the_situation_step(client_request) -> str:
    return client_request.get("resident.fill_signup_step", slug="situatie").select_one("textarea").get_text()


def test_starting_again_asks_first(client, client_request, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    first_id = db_session.scalars(select(AanmeldingDraft.id)).one()
    asked = client_request.post("resident.start_signup", _expected_status=200)
    assert asked.h1.get_text(strip=True) == "Opnieuw beginnen?"
    assert _own_words_on_the_situation_step(client_request).strip() == "Ik heb een brief van de verhuurder.", \
        "asking is not yet throwing away"

    client_request.post("resident.start_signup", _data={"confirm": "1"},
                        _expected_redirect=client_request.url("resident.fill_signup_step", slug="postcode"))
    db_session.expire_all()
    fresh = db_session.scalars(select(AanmeldingDraft)).one()
    assert fresh.id != first_id and fresh.answers == {}, "the old draft and its answers are gone, a new one started"


@pytest.mark.parametrize("days", [signup.DRAFT_LIFETIME.days, 7])
def test_a_lost_draft_is_explained_with_how_long_drafts_are_kept(client, monkeypatch, days):
    monkeypatch.setattr(signup, "DRAFT_LIFETIME", timedelta(days=days))
    notice = page(client.get("/aanmelden?verlopen=1")).select_one(".panel.notice").get_text()
    assert f"bewaren we {days} dagen" in notice


def test_a_too_long_story_is_refused_with_the_limit_the_form_applies(client, municipalities):
    from wtforms.validators import Length

    from portal.signup.forms import SituationForm

    limit = next(v.max for v in SituationForm.own_words.kwargs["validators"] if isinstance(v, Length))
    fill_steps(client, stop_before="situatie")
    soup = page(post_step(client, "situatie", {"topics": ["rent"], "own_words": "a" * (limit + 1), "group": "none"}))
    assert f"Schrijf maximaal {limit} tekens." in soup.select_one("#own_words-error").get_text()
