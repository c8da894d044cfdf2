import time
from datetime import timedelta

from babel.dates import format_date
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from portal.models import Aanmelding, AanmeldingDraft, OutboxMessage, SelfTestCount
from portal.rules.deadlines import local_date
from portal.rules.reference import is_valid_reference
from portal.rules.working_days import working_days_after
from portal.services.signup import RESUME_SALT
from tests.conftest import page
from tests.resident.signup_helpers import fill_steps, post_step, start_signup, submit, token


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
    fill_steps(client, {"dringend": {"urgent": ["eviction", "cutoff"], "eviction_date": "15-12-2026"}})
    submit(client)
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert aanmelding.crisis and aanmelding.crisis_kinds == ["eviction", "cutoff"]
    assert aanmelding.eviction_date.isoformat() == "2026-12-15"
    assert aanmelding.legal_deadline == working_days_after(local_date(aanmelding.submitted_at), 3)
    assert "dringend" in page(client.get("/aanmelden/klaar")).select_one("ol.steps").get_text()


def test_double_submit_and_refresh_give_one_case(client, municipalities, db_session):
    fill_steps(client)
    form_token = token(client, "/aanmelden/controleren")
    first = client.post("/aanmelden/controleren", data={"csrf_token": form_token})
    again = client.post("/aanmelden/controleren", data={"csrf_token": form_token})
    assert first.headers["Location"] == again.headers["Location"] == "/aanmelden/klaar"
    assert _count(db_session, Aanmelding) == 1


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


def test_nothing_chosen_on_the_first_step_asks_kindly(client, municipalities):
    start_signup(client)
    soup = page(post_step(client, "situatie", {"own_words": "   "}))
    assert "Of schrijf kort wat er speelt." in soup.select_one("#topics-error").get_text()


def test_own_words_alone_are_enough(client, municipalities):
    start_signup(client)
    response = post_step(client, "situatie", {"own_words": "Ik weet niet waar ik moet beginnen."})
    assert response.headers["Location"] == "/aanmelden/stap/dringend"


def test_a_wrong_phone_number_is_explained(client, municipalities):
    fill_steps(client, stop_before="contact")
    soup = page(post_step(client, "contact", {"call_name": "Sam", "channels": ["sms"], "phone": "12345"}))
    assert "06 12345678" in soup.select_one("#phone-error").get_text()


def test_cannot_skip_ahead_by_url(client, municipalities):
    start_signup(client)
    assert client.get("/aanmelden/stap/toestemming").headers["Location"] == "/aanmelden/stap/situatie"


def test_postcode_outside_every_municipality_gets_a_kind_message(client, municipalities):
    fill_steps(client, stop_before="postcode")
    response = post_step(client, "postcode", {"postcode": "1011 AB"})
    assert response.status_code == 200
    assert "14 met het netnummer" in page(response).get_text()
    assert client.get("/aanmelden/stap/toestemming").headers["Location"] == "/aanmelden/stap/postcode"


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
    path = link.split("localhost", 1)[1]

    other_device = app.test_client()
    welcome = page(other_device.get(path))
    assert welcome.h1.get_text(strip=True) == "Welkom terug"
    form_token = welcome.select_one("input[name=csrf_token]")["value"]
    response = other_device.post("/aanmelden/verder", data={"csrf_token": form_token, "choice": "continue"})
    assert response.headers["Location"] == "/aanmelden/stap/contact"
    soup = page(other_device.get("/aanmelden/stap/contact"))
    assert soup.select_one("#call_name")["value"] == "Sam"


def test_start_again_from_the_resume_link_throws_the_draft_away(client, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    link = page(client.get("/aanmelden/later")).select_one("#resume-link")["value"]
    welcome = page(client.get(link.split("localhost", 1)[1]))
    form_token = welcome.select_one("input[name=csrf_token]")["value"]
    client.post("/aanmelden/verder", data={"csrf_token": form_token, "choice": "restart"})
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


def test_resume_link_can_be_sent_by_email_without_storing_the_address(client, municipalities, db_session):
    fill_steps(client, stop_before="kinderen")
    post_step(client, "kinderen", {"later": "1"})
    response = client.post("/aanmelden/later", data={"csrf_token": token(client, "/aanmelden/later"),
                                                     "address": "sam@example.org"})
    assert "De link is verstuurd." in page(response).get_text()
    message = db_session.scalars(select(OutboxMessage)).one()
    assert message.recipient == "sam@example.org" and "/aanmelden/verder/" in message.body
    draft = db_session.scalars(select(AanmeldingDraft)).one()
    assert "sam@example.org" not in str(draft.answers)


def test_confirmation_can_be_sent_by_sms(client, municipalities, db_session):
    fill_steps(client)
    submit(client, send_confirmation="y")
    message = db_session.scalars(select(OutboxMessage)).one()
    aanmelding = db_session.scalars(select(Aanmelding)).one()
    assert message.channel == "sms" and message.recipient == "+31612345678"
    assert aanmelding.reference in message.body


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
    locations = []
    response = start_signup(client)
    locations.append(response.headers["Location"])
    fill_steps(client)
    locations.append(submit(client).headers["Location"])
    for location in locations:
        assert "Sam" not in location and "6123" not in location and "2651" not in location
