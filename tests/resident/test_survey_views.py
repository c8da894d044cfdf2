"""The client experience survey from end to end: a case closes, the link goes out, the resident answers once, and
the quarter's figures show the answer without a way back to the case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.domain.messages import MessageKind
from portal.models import Aanmelding, Klantervaring, Klantervaringsuitnodiging, OutboxMessage
from portal.rules.deadlines import local_date
from portal.services import survey
from tests.conftest import page
from tests.staff_fixtures import handed_over, log_in

YES = {"contact": {"survey_ok": True}}
LINK = re.compile(r"/ervaring/([A-Za-z0-9_-]+)")


def close(client_request, case, reason="helped"):
    return client_request.post("staff.change_case_status", case_id=case.id,
                               _data={"target": "closed", "reason": reason})


def survey_messages(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == MessageKind.SURVEY)))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def invited_token(session) -> str:
    [message] = survey_messages(session)
    return LINK.search(message.body).group(1)


@pytest.fixture
def closed_with_yes(client, client_request, staff, make_case, db_session):
    """A case whose resident said yes and chose sms, closed by the coordinator through the case page."""
    case = make_case(phone="+31612345678", channels=["sms"], status="contacted", answers=YES)
    log_in(client, "regisseur")
    close(client_request, case)
    db_session.expire_all()
    return case


def test_closing_with_the_yes_invites_once_by_the_way_they_chose(closed_with_yes, db_session, municipalities):
    [message] = survey_messages(db_session)
    assert message.channel == "sms" and message.recipient == "+31612345678"
    assert message.aanmelding_id == closed_with_yes.id and message.dedupe_key == f"survey:{closed_with_yes.id}"
    assert "Lansingerland" in message.body  # they said we may name the municipality
    [invitation] = db_session.scalars(select(Klantervaringsuitnodiging))
    assert invitation.municipality_id == municipalities["lansingerland"].id
    assert invitation.month == local_date(utcnow()).strftime("%Y-%m")  # the month it closed, in Dutch time
    assert (invitation.channel, invitation.route, invitation.language) == ("self", "municipality", "nl")
    assert invitation.token_hash != invited_token(db_session), "only the hash is stored"


@pytest.mark.parametrize(("answers", "channels", "reason"), [
    ({}, ["sms"], "helped"),  # no yes
    (YES, ["phone"], "helped"),  # a yes, but only calls: no written way they chose
    (YES, ["sms"], "outside_municipality"),
])
def test_no_invitation_without_the_yes_a_written_way_or_for_someone_from_elsewhere(
        client, client_request, staff, make_case, db_session, answers, channels, reason):
    case = make_case(phone="+31612345678", channels=channels, status="contacted", answers=answers)
    log_in(client, "regisseur")
    close(client_request, case, reason)
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).status == "closed"
    assert survey_messages(db_session) == [] and count(db_session, Klantervaringsuitnodiging) == 0


def test_the_route_is_the_kind_of_partner_that_accepted_the_case(client, client_request, staff, make_case,
                                                                   db_session):
    from portal.services import handovers

    case = make_case(phone="+31612345678", channels=["sms"], status="contacted", answers=YES,
                     first_contact_at=utcnow())
    handover = handed_over(db_session, staff["regisseur"], case, "Kwadraad")
    handovers.accept(db_session, staff["partner"], handover.id)
    log_in(client, "regisseur")
    close(client_request, case, "handed_over")
    db_session.expire_all()
    assert db_session.scalars(select(Klantervaringsuitnodiging.route)).one() == "social_work"


def answer(client, token, **data):
    from tests.client_request import ClientRequest

    request = ClientRequest(client)
    return client.post(f"/ervaring/{token}", data={"csrf_token": request.csrf_token(), **data})


def test_answering_stores_one_unlinked_answer_and_spends_the_link(closed_with_yes, client, db_session):
    token = invited_token(db_session)
    shown = page(client.get(f"/ervaring/{token}"))
    assert shown.select_one("h1").get_text(strip=True) == "Hoe vond u onze hulp?"
    assert "Inwoner" not in shown.get_text() and closed_with_yes.reference not in shown.get_text()
    response = answer(client, token, reachable="yes", heard="partly", next_steps_clear="no", waiting="too_long",
                      mark="8", remark="Sneller terugbellen graag.")
    assert response.status_code == 302
    db_session.expire_all()
    [stored] = db_session.scalars(select(Klantervaring))
    assert (stored.month, stored.channel, stored.route) == (local_date(utcnow()).strftime("%Y-%m"), "self",
                                                            "municipality")
    assert (stored.reachable, stored.heard, stored.next_steps_clear, stored.waiting, stored.mark) == (
        "yes", "partly", "no", "too_long", 8)
    assert stored.remark == "Sneller terugbellen graag."
    assert count(db_session, Klantervaringsuitnodiging) == 0

    again = answer(client, token, mark="1")
    assert again.status_code == 404 and "Deze link werkt niet meer" in again.get_data(as_text=True)
    db_session.expire_all()
    assert count(db_session, Klantervaring) == 1, "a spent link stores nothing"


def test_an_unknown_or_expired_link_gets_the_same_kind_page(closed_with_yes, client, db_session):
    token = invited_token(db_session)
    db_session.scalars(select(Klantervaringsuitnodiging)).one().expires_at = utcnow() - timedelta(minutes=1)
    db_session.commit()
    expired, unknown = client.get(f"/ervaring/{token}"), client.get("/ervaring/geen-echte-link")
    assert expired.status_code == unknown.status_code == 404
    assert page(expired).select_one("h1").get_text() == page(unknown).select_one("h1").get_text() == (
        "Deze link werkt niet meer")
    assert answer(client, token, mark="5").status_code == 404
    db_session.expire_all()
    assert count(db_session, Klantervaring) == 0


def test_a_wrong_value_gets_a_kind_error_and_keeps_the_rest(closed_with_yes, client, db_session):
    token = invited_token(db_session)
    shown = page(answer(client, token, reachable="yes", mark="11", remark="Prima."))
    assert "Kies een van de antwoorden" in shown.select_one(".error-summary").get_text()
    assert shown.select_one("#reachable-0")["checked"] is not None
    assert shown.select_one("#remark").get_text().strip() == "Prima."
    db_session.expire_all()
    assert count(db_session, Klantervaring) == 0 and count(db_session, Klantervaringsuitnodiging) == 1


def test_an_empty_answer_is_fine(closed_with_yes, client, db_session):
    assert answer(client, invited_token(db_session)).status_code == 302
    db_session.expire_all()
    assert count(db_session, Klantervaring) == 1


def test_the_page_is_in_the_invitations_language_until_the_resident_chooses(client, client_request, staff,
                                                                           make_case, db_session):
    case = make_case(phone="+31612345678", channels=["sms"], status="contacted",
                     answers={**YES, "bereikbaarheid": {"language": "ar"}})
    log_in(client, "regisseur")
    close(client_request, case)
    db_session.expire_all()
    [message] = survey_messages(db_session)
    assert message.language == "ar" and "Lansingerland" in message.body and "Hoe vond" not in message.body
    token = invited_token(db_session)
    shown = page(client.get(f"/ervaring/{token}"))
    assert shown.html["lang"] == "ar" and shown.html["dir"] == "rtl"
    client.get("/taal/uk")
    assert page(client.get(f"/ervaring/{token}")).html["lang"] == "uk"


def test_the_message_names_nobody_without_that_yes(client, client_request, staff, make_case, db_session):
    case = make_case(phone="+31612345678", channels=["sms"], status="contacted",
                     answers={**YES, "bereikbaarheid": {"say_municipality": "no"}})
    log_in(client, "regisseur")
    close(client_request, case)
    db_session.expire_all()
    [message] = survey_messages(db_session)
    assert "Lansingerland" not in message.body and "gemeente" not in message.body.lower()
    assert "geld" not in message.body.lower()


def test_the_purge_deletes_expired_invitations_only(closed_with_yes, db_session):
    assert survey.purge_expired(db_session) == 0
    later = utcnow() + timedelta(days=survey.INVITATION_DAYS, minutes=1)
    assert survey.purge_expired(db_session, now=later) == 1
    assert count(db_session, Klantervaringsuitnodiging) == 0


@pytest.mark.parametrize(("ticked", "stored"), [({"survey_ok": "y"}, True), ({}, False)])
def test_the_sign_up_stores_the_yes_only_when_ticked(client, municipalities, db_session, ticked, stored):
    from tests.resident.signup_helpers import fill_steps, submit

    fill_steps(client, {"contact": ticked})
    check = page(client.get("/aanmelden/controleren")).select_one("dl.summary").get_text(" ", strip=True)
    assert "korte vragenlijst sturen" in check
    submit(client)
    assert db_session.scalars(select(Aanmelding.survey_ok)).one() is stored


def test_the_sign_up_offers_the_yes_unticked_where_the_ways_of_contact_are_chosen(client, municipalities):
    from tests.resident.signup_helpers import fill_steps

    fill_steps(client, stop_before="contact")
    box = page(client.get("/aanmelden/stap/contact")).select_one("input#survey_ok")
    assert box["type"] == "checkbox" and not box.has_attr("checked")
    assert box["aria-describedby"] == "survey_ok-hint"


def test_the_daily_purge_command_deletes_expired_invitations(app, closed_with_yes, db_session):
    db_session.scalars(select(Klantervaringsuitnodiging)).one().expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert "Deleted 1 unused survey invitations" in result.output, result.output
    db_session.expire_all()
    assert count(db_session, Klantervaringsuitnodiging) == 0


def test_the_demo_data_fills_one_quarter_and_prints_a_working_link(app, client, municipalities, db_session):
    app.config["PORTAL_ENV"] = "development"
    first = app.test_cli_runner().invoke(args=["demo-data"])
    assert "Demo survey answers added: 16" in first.output, first.output
    assert "Demo survey answers added: 0" in app.test_cli_runner().invoke(args=["demo-data"]).output
    token = LINK.search(first.output).group(1)
    assert client.get(f"/ervaring/{token}").status_code == 200


def test_the_coordinator_records_a_yes_heard_on_the_phone_and_the_case_page_says_it(client, client_request, staff,
                                                                                    make_case, db_session):
    from portal.models import AuditEntry

    case = make_case(phone="+31612345678", channels=["sms"], status="contacted")
    log_in(client, "regisseur")
    contact = client_request.get("staff.show_case", case_id=case.id).select_one("section.attention").get_text(" ")
    assert "Vragenlijst na afloop: nee" in contact
    client_request.post("staff.record_survey_ok", case_id=case.id, _data={"survey_ok": "yes"})
    db_session.expire_all()
    assert db_session.get(Aanmelding, case.id).survey_ok is True
    assert db_session.scalars(select(AuditEntry.action).where(AuditEntry.action == "record_survey_ok")).one()
    shown = client_request.get("staff.show_case", case_id=case.id)
    assert "Vragenlijst na afloop: ja, mag één keer" in shown.select_one("section.attention").get_text(" ")
    close(client_request, case)
    db_session.expire_all()
    assert len(survey_messages(db_session)) == 1
