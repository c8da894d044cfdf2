"""Issue 15, inbox: each conversation with its topic, group and length; the whole conversation on its page; reading
it is audit-logged without its text."""

from datetime import timedelta

from sqlalchemy import select

from portal.models import AuditEntry
from portal.services import advice
from tests.staff_fixtures import log_in


def _conversation(db_session, municipalities, staff):
    """A question, our answer and the resident's reply (the reply reopens it), written on three days."""
    lansingerland = municipalities["lansingerland"]
    advice.ask(db_session, municipality_id=lansingerland.id, text="Mag de deurwaarder mijn loon pakken?",
               topic="debts", group="entrepreneur", callback_phone=None)
    question = advice.inbox(db_session, staff["collega"])[0].question
    advice.answer(db_session, staff["collega"], question.id, "Niet alles: u houdt altijd een deel.")
    advice.reply(db_session, question.id, "كم يبقى لي؟")
    first, second, third = question.messages
    today = first.written_on
    first.written_on, second.written_on = today - timedelta(days=3), today - timedelta(days=1)
    db_session.commit()
    return question


def test_the_inbox_shows_topic_group_and_how_many_messages(client, client_request, staff, municipalities,
                                                            db_session):
    question = _conversation(db_session, municipalities, staff)
    log_in(client, "regisseur")
    row = client_request.get("staff.show_advice_inbox").select_one("tbody tr")
    assert row.select_one(".topic").get_text(" ", strip=True) == "Onderwerp: Schulden en incasso Ondernemer"
    assert row.select_one(".count").get_text(strip=True) == "3"
    link = row.select_one("a")
    assert link.get_text(strip=True) == "Mag de deurwaarder mijn loon pakken?", "the question itself"
    assert link["href"] == client_request.url("staff.answer_advice_question", question_id=question.id)
    latest = row.select_one(".latest span")
    assert latest.get_text() == "كم يبقى لي؟" and latest["dir"] == "auto"


def test_the_question_page_shows_the_whole_conversation_in_order_with_who_wrote_it(client, client_request, staff,
                                                                                  municipalities, db_session):
    from babel.dates import format_date

    question = _conversation(db_session, municipalities, staff)
    days = [format_date(m.written_on, "d MMM y", locale="nl") for m in question.messages]
    log_in(client, "regisseur")
    soup = client_request.get("staff.answer_advice_question", question_id=question.id)
    messages = soup.select("ol.thread li")
    assert [m.select_one(".small").get_text(strip=True) for m in messages] == [
        f"Inwoner, {days[0]}", f"Medewerker Collega, {days[1]}", f"Inwoner, {days[2]}"]
    assert [m.select_one("p[dir=auto]").get_text() for m in messages] == [
        "Mag de deurwaarder mijn loon pakken?", "Niet alles: u houdt altijd een deel.", "كم يبقى لي؟"]
    facts = soup.select_one(".question-facts").get_text(" ", strip=True)
    assert "Onderwerp: Schulden en incasso" in facts and "Groep: Ondernemer" in facts and "Berichten: 3" in facts


def test_reading_a_question_is_audit_logged_without_its_text(client, client_request, staff, municipalities,
                                                             db_session):
    question = _conversation(db_session, municipalities, staff)
    log_in(client, "regisseur")
    db_session.execute(AuditEntry.__table__.delete())
    db_session.commit()
    client_request.get("staff.answer_advice_question", question_id=question.id)
    entry = db_session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.staff_id, entry.aanmelding_id) == ("view_question", staff["regisseur"].id, None)
    assert entry.detail == f"question {question.id}"


def test_an_answer_says_it_was_sent_and_the_question_leaves_the_inbox(client, client_request, staff,
                                                                      municipalities, db_session):
    question = _conversation(db_session, municipalities, staff)
    log_in(client, "regisseur")
    soup = client_request.post("staff.answer_advice_question", question_id=question.id, _follow_redirects=True,
                               _data={"text": "U houdt minstens de beslagvrije voet."})
    panel = soup.select_one("main .panel")
    assert panel["role"] == "status"
    assert panel.get_text(strip=True) == "Opgeslagen: uw antwoord is verstuurd. De inwoner leest het met de code."
    assert "Geen vragen die wachten." in soup.get_text()
    assert soup.select_one("#text") is None


def test_the_answer_box_takes_right_to_left_typing(client, client_request, staff, municipalities, db_session):
    question = _conversation(db_session, municipalities, staff)
    log_in(client, "regisseur")
    assert client_request.get("staff.answer_advice_question", question_id=question.id).select_one(
        "#text")["dir"] == "auto"
