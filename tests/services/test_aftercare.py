"""After-care: started by the close, the queue's order and scope, contacts, ending (by hand and by itself), and a new
early-warning signal of a household in after-care, through the real import."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.domain.aftercare import NazorgEnd, NazorgState
from portal.domain.casework import CloseReason
from portal.domain.early_warning import Eindresultaat, Signaalstatus
from portal.models import CaseEvent, Vroegsignaalzaak
from portal.models.aftercare import Nazorgmoment, Nazorgtraject
from portal.rules import aftercare as rules
from portal.rules.deadlines import local_date
from portal.services import aftercare, cases
from portal.services.early_warning_import import import_signals
from tests.aftercare_fixtures import make_traject, months_ago
from tests.rules.test_signal_file import GOOD, csv_bytes


def _today():
    return local_date(utcnow())


def _count(db_session, model):
    return db_session.scalar(select(func.count()).select_from(model))


def _close(db_session, member, case, reason):
    if reason == CloseReason.NO_CONTACT:
        for _ in range(3):
            cases.log_contact(db_session, member, case.id, kind="call", reached=False, note=None)
    cases.change_status(db_session, member, case.id, target="closed", reason=reason.value)
    return db_session.scalars(select(Nazorgtraject).where(Nazorgtraject.aanmelding_id == case.id)).first()


@pytest.mark.parametrize("reason", list(CloseReason))
def test_closing_with_a_result_that_ends_a_trajectory_starts_aftercare(db_session, staff, make_case, reason):
    case = make_case(status="contacted", phone="0612345678")
    traject = _close(db_session, staff["regisseur"], case, reason)
    if reason not in (CloseReason.HELPED, CloseReason.DEBT_SETTLEMENT, CloseReason.HANDED_OVER):
        assert traject is None
        return
    assert traject.state == NazorgState.ACTIVE and traject.started_on == _today()
    assert [(m.number, m.months, m.due_on) for m in traject.moments] == [
        (n, months, rules.add_months(_today(), months)) for n, months in enumerate((1, 3, 6), start=1)]
    kinds = set(db_session.scalars(select(CaseEvent.kind).where(CaseEvent.aanmelding_id == case.id)))
    assert "aftercare_started" in kinds


def test_the_moments_follow_the_municipalitys_own_list(db_session, staff, make_case):
    case = make_case("groningen", status="contacted", phone="0612345678")
    traject = _close(db_session, staff["groningen"], case, CloseReason.DEBT_SETTLEMENT)
    assert [m.months for m in traject.moments] == [1, 3, 6, 12]


def test_a_close_that_fails_leaves_no_aftercare_behind(db_session, staff, make_case, monkeypatch):
    case = make_case(status="contacted", phone="0612345678")

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cases, "CaseEvent", broken)  # the status event, written after the after-care was added
    with pytest.raises(RuntimeError):
        cases.change_status(db_session, staff["regisseur"], case.id, target="closed", reason="helped")
    db_session.expire_all()
    assert _count(db_session, Nazorgtraject) == 0 and _count(db_session, Nazorgmoment) == 0
    assert db_session.get(type(case), case.id).status == "contacted"


def test_the_household_is_read_from_the_address_the_resident_gave(db_session, staff, make_case):
    case = make_case(status="contacted", channels=["letter"],
                     answers={"contact": {"postal_address": "Dorpsstraat 12 A, 2651 AB Bergschenhoek"}})
    traject = _close(db_session, staff["regisseur"], case, CloseReason.HELPED)
    from portal import blind_index
    from portal.rules import early_warning_triage as triage
    assert traject.household_digest == blind_index.digest(case.municipality_id, triage.HOUSEHOLD_KIND,
                                                          "adres:2651AB|12|A")[1]
    unreadable = make_case(status="contacted", channels=["letter"])  # "Dorpsstraat 1": no postcode
    assert _close(db_session, staff["regisseur"], unreadable, CloseReason.HELPED).household_digest is None


def test_the_queue_puts_a_call_request_on_top_then_a_signal_then_past_due(db_session, staff, make_case):
    now = utcnow()
    later = make_traject(db_session, make_case(call_name="Later"), started_on=_today())
    past_due = make_traject(db_session, make_case(call_name="Verlopen"), started_on=months_ago(1, days=20))
    signal = make_traject(db_session, make_case(call_name="Signaal"), signal_at=now - timedelta(days=1))
    new_call = make_traject(db_session, make_case(call_name="Nieuw"), call_requested_at=now - timedelta(hours=1))
    old_call = make_traject(db_session, make_case(call_name="Oud"), call_requested_at=now - timedelta(days=2))
    make_traject(db_session, make_case("groningen", call_name="Elders"))  # another municipality's
    page = aftercare.queue(db_session, staff["regisseur"])
    assert [row.traject.id for row in page.rows] == [old_call.id, new_call.id, signal.id, past_due.id, later.id]
    assert page.rows[3].past_due and not page.rows[4].past_due


def test_aftercare_over_by_itself_is_listed_as_ended_until_the_housekeeping_ends_it(db_session, staff, make_case):
    over = make_traject(db_session, make_case(), started_on=months_ago(7))  # 6 months + 28 days passed
    waiting = make_traject(db_session, make_case(), started_on=months_ago(7), call_requested_at=utcnow())
    running = make_traject(db_session, make_case(), started_on=months_ago(2))
    member = staff["regisseur"]
    assert [row.traject.id for row in aftercare.queue(db_session, member).rows] == [waiting.id, running.id]
    assert [row.traject.id for row in aftercare.queue(db_session, member, ended=True).rows] == [over.id]
    assert aftercare.housekeeping(db_session) == 1
    db_session.expire_all()
    assert (over.state, over.end_reason) == (NazorgState.ENDED, NazorgEnd.LAST_MOMENT)
    assert waiting.state == running.state == NazorgState.ACTIVE, "a resident waiting for a call is answered first"
    assert aftercare.housekeeping(db_session) == 0
    assert [row.traject.id for row in aftercare.queue(db_session, member, ended=True).rows] == [over.id]


def test_a_reached_contact_marks_the_current_moment_done_and_answers_the_call_request(db_session, staff, make_case):
    traject = make_traject(db_session, make_case(phone="0612345678"), started_on=months_ago(3, days=2),
                           call_requested_at=utcnow())
    member = staff["regisseur"]
    aftercare.log_contact(db_session, member, traject.id, kind="call", reached=False, moment_number=None, note=None)
    db_session.expire_all()
    assert traject.call_requested_at is not None and all(m.done_on is None for m in traject.moments)
    aftercare.log_contact(db_session, member, traject.id, kind="call", reached=True, moment_number=None,
                          note="Gaat goed")
    db_session.expire_all()
    assert traject.call_requested_at is None
    assert [m.done_on is not None for m in traject.moments] == [False, True, False], "the 3-month moment is current"
    events = list(db_session.scalars(select(CaseEvent).where(CaseEvent.aanmelding_id == traject.aanmelding_id,
                                                             CaseEvent.kind == "aftercare_contact")
                                     .order_by(CaseEvent.id)))
    assert [e.data for e in events] == [{"kind": "call", "reached": False, "moment": 2},
                                        {"kind": "call", "reached": True, "moment": 2}]
    aftercare.log_contact(db_session, member, traject.id, kind="call", reached=True, moment_number=None,
                          note=None, in_between=True)
    db_session.expire_all()
    assert [m.done_on is not None for m in traject.moments] == [False, True, False]
    with pytest.raises(aftercare.UnknownMoment):
        aftercare.log_contact(db_session, member, traject.id, kind="call", reached=True, moment_number=9, note=None)


def test_a_call_long_before_a_moment_answers_the_request_and_leaves_the_moment_to_come(db_session, staff, make_case):
    traject = make_traject(db_session, make_case(phone="0612345678"), started_on=months_ago(1, days=3),
                           done=(1,), call_requested_at=utcnow())
    aftercare.log_contact(db_session, staff["regisseur"], traject.id, kind="call", reached=True, moment_number=None,
                          note=None)
    db_session.expire_all()
    assert traject.call_requested_at is None
    assert [m.done_on is not None for m in traject.moments] == [True, False, False], "3 months comes still"


def test_a_voicemail_the_resident_refused_is_not_logged(db_session, staff, make_case):
    traject = make_traject(db_session, make_case(phone="0612345678"))  # the sign-up said: no voicemail
    from portal.rules.contact_attempt import ContactRefused
    with pytest.raises(ContactRefused):
        aftercare.log_contact(db_session, staff["regisseur"], traject.id, kind="voicemail", reached=False,
                              moment_number=None, note=None)
    assert _count(db_session, CaseEvent) == 0 or not db_session.scalars(
        select(CaseEvent).where(CaseEvent.kind == "aftercare_contact")).first()


def test_ending_because_the_resident_needs_nothing_stops_the_contacts(db_session, staff, make_case):
    traject = make_traject(db_session, make_case())
    member = staff["regisseur"]
    assert aftercare.end_needs_nothing(db_session, member, traject.id)
    assert not aftercare.end_needs_nothing(db_session, member, traject.id), "a double submit changes nothing"
    db_session.expire_all()
    assert (traject.state, traject.end_reason, traject.ended_on) == (NazorgState.ENDED, NazorgEnd.NEEDS_NOTHING,
                                                                    _today())
    with pytest.raises(aftercare.TrajectEnded):
        aftercare.log_contact(db_session, member, traject.id, kind="call", reached=True, moment_number=None,
                              note=None)


def test_another_municipality_cannot_open_or_touch_the_aftercare(db_session, staff, make_case):
    traject = make_traject(db_session, make_case())
    other = staff["groningen"]
    for call in (lambda: aftercare.open_traject(db_session, other, traject.id),
                 lambda: aftercare.claim(db_session, other, traject.id),
                 lambda: aftercare.end_needs_nothing(db_session, other, traject.id)):
        with pytest.raises(aftercare.TrajectNotFound):
            call()
    assert aftercare.queue(db_session, other).rows == []


def test_of_two_coordinators_claiming_one_gets_the_aftercare(db_session, staff, make_case):
    traject = make_traject(db_session, make_case())
    assert aftercare.claim(db_session, staff["regisseur"], traject.id) == (True, staff["regisseur"])
    assert aftercare.claim(db_session, staff["beheerder"], traject.id) == (False, staff["regisseur"])


# -- a new early-warning signal of a household in after-care, through the real import

def _import(db_session, municipality, rows):
    return import_signals(db_session, municipality, io.BytesIO(csv_bytes(rows)), today=_today())


def _from_early_warning(db_session, staff, make_case, municipalities):
    """A household that came in through early warning, was helped, and is now in after-care."""
    lansingerland = municipalities["lansingerland"]
    _import(db_session, lansingerland, [GOOD | {"signaaldatum": (_today() - timedelta(days=120)).isoformat(),
                                                 "ontstaansdatum": (_today() - timedelta(days=150)).isoformat()}])
    zaak = db_session.scalars(select(Vroegsignaalzaak)).one()
    case = make_case(status="contacted", phone="0612345678")
    zaak.aanmelding_id, zaak.result, zaak.closed_at = case.id, Eindresultaat.VERVOLGHULP_FINANCIEEL, utcnow()
    db_session.commit()
    return _close(db_session, staff["regisseur"], case, CloseReason.DEBT_SETTLEMENT), zaak


def test_a_new_signal_of_a_household_in_aftercare_is_shown_there_not_as_a_new_case(db_session, staff, make_case,
                                                                                  municipalities):
    traject, first_zaak = _from_early_warning(db_session, staff, make_case, municipalities)
    assert traject.household_digest == first_zaak.household_digest
    today = _today().isoformat()
    result = _import(db_session, municipalities["lansingerland"], [
        GOOD | {"signaal_id": "L-2", "signaalpartner_type": "Energie", "bedrag": "300", "signaaldatum": today},
        GOOD | {"signaal_id": "L-3", "signaalpartner_type": "Water", "bedrag": "80", "signaaldatum": today}])
    assert (result.new, result.aftercare, result.cases_new, result.repeats) == (2, 2, 0, 0)
    db_session.expire_all()
    [zaak] = db_session.scalars(select(Vroegsignaalzaak).where(Vroegsignaalzaak.nazorg_id == traject.id)).all()
    assert zaak.result == Eindresultaat.AL_BEKEND and zaak.closed_at is not None, "nothing in the queue"
    assert {s.status for s in zaak.signals} == {Signaalstatus.AL_BEKEND} and len(zaak.signals) == 2
    assert traject.signal_at is not None
    assert _count(db_session, Vroegsignaalzaak) == 2


def test_a_signal_matches_aftercare_by_the_address_of_a_case_without_early_warning(db_session, staff, make_case,
                                                                                  municipalities):
    case = make_case(status="contacted", channels=["letter"],
                     answers={"contact": {"postal_address": "Dorpsstraat 12 A, 2651 AB Bergschenhoek"}})
    traject = _close(db_session, staff["regisseur"], case, CloseReason.HELPED)
    without_bsn = GOOD | {"bsn": "", "signaaldatum": _today().isoformat()}
    result = _import(db_session, municipalities["lansingerland"], [without_bsn])
    assert (result.aftercare, result.cases_new) == (1, 0)
    db_session.expire_all()
    assert traject.signal_at is not None


def test_a_signal_after_the_watch_window_makes_a_normal_case(db_session, staff, make_case, municipalities):
    traject, _ = _from_early_warning(db_session, staff, make_case, municipalities)
    traject.started_on = months_ago(7)
    db_session.commit()
    late = GOOD | {"signaal_id": "L-2", "signaaldatum": _today().isoformat()}
    result = _import(db_session, municipalities["lansingerland"], [late])
    assert (result.aftercare, result.cases_new) == (0, 1)
    db_session.expire_all()
    assert traject.signal_at is None


def test_a_signal_of_a_household_whose_aftercare_ended_makes_a_normal_case(db_session, staff, make_case,
                                                                           municipalities):
    traject, _ = _from_early_warning(db_session, staff, make_case, municipalities)
    aftercare.end_needs_nothing(db_session, staff["regisseur"], traject.id)
    result = _import(db_session, municipalities["lansingerland"],
                     [GOOD | {"signaal_id": "L-2", "signaaldatum": _today().isoformat()}])
    assert (result.aftercare, result.cases_new) == (0, 1)


def test_after_a_key_rotation_a_new_signal_still_finds_the_aftercare(app, tmp_path, db_session, staff, make_case,
                                                                     municipalities):
    """rebuild-search-index writes after-care's household digests under the new key too, so the old key can go."""
    from portal import blind_index
    from tests.conftest import TEST_BLIND_INDEX_KEY, make_test_app

    traject, _ = _from_early_warning(db_session, staff, make_case, municipalities)
    by_address = _close(db_session, staff["regisseur"], make_case(
        status="contacted", channels=["letter"],
        answers={"contact": {"postal_address": "Kerkweg 5, 2652 XY Bergschenhoek"}}), CloseReason.HELPED)
    new_key = blind_index.new_key()
    try:
        both = make_test_app(app.config["DATABASE_URL"], tmp_path, BLIND_INDEX_KEYS=f"{new_key},{TEST_BLIND_INDEX_KEY}")
        result = both.test_cli_runner().invoke(args=["rebuild-search-index"])
        assert "(2 in after-care)" in result.output, result.output
        blind_index.configure([new_key])  # the old key is gone
        db_session.expire_all()  # the command ran in its own session, as an import after it does
        today = _today().isoformat()
        found = _import(db_session, municipalities["lansingerland"], [
            GOOD | {"signaal_id": "L-2", "signaaldatum": today},
            GOOD | {"signaal_id": "L-3", "bsn": "", "postcode": "2652 xy", "huisnummer": "5", "toevoeging": "",
                    "signaaldatum": today}])
        assert found.aftercare == 2
        db_session.expire_all()
        assert traject.signal_at is not None and by_address.signal_at is not None
        both.extensions["db_engine"].dispose()
    finally:
        blind_index.configure([TEST_BLIND_INDEX_KEY])
