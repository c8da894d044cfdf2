from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.domain.early_warning import EARLY_WARNING_SOURCE, Approach, Eindresultaat, Signaalstatus
from portal.models import Aanmelding, AuditEntry, SearchToken, Vroegsignaalzaak
from portal.rules.deadlines import first_contact_deadlines, local_date
from portal.rules.search_terms import parse_search
from portal.services import early_warning_cases as ew
from portal.services import search_index
from tests.concurrency import at_the_same_moment
from tests.early_warning_fixtures import Signal, make_household

TODAY = date(2026, 12, 9)  # a Wednesday
HELP = Eindresultaat.VERVOLGHULP_FINANCIEEL.value


def _ids(page):
    return [row.zaak.id for row in page.rows]


def test_the_queue_puts_crisis_first_then_overdue_then_due_soonest(db_session, staff):
    later = make_household(db_session, name="Later", due_on=TODAY + timedelta(days=9), today=TODAY)
    soon = make_household(db_session, name="Soon", due_on=TODAY + timedelta(days=1), today=TODAY)
    late = make_household(db_session, name="Late", due_on=TODAY - timedelta(days=2), today=TODAY)
    crisis = make_household(db_session, name="Crisis", signals=[Signal(crisis=True)], approach=Approach.CRISIS,
                            due_on=TODAY + timedelta(days=3), today=TODAY)
    reached_late = make_household(db_session, name="Reached", due_on=TODAY - timedelta(days=5), today=TODAY)
    reached_late.picked_up_on = TODAY - timedelta(days=6)
    db_session.commit()
    page = ew.queue(db_session, staff["regisseur"], ew.QueueFilter(), today=TODAY)
    # A household reached before its day is not late, whatever its due date says.
    assert _ids(page) == [crisis.id, late.id, reached_late.id, soon.id, later.id]
    assert [row.overdue for row in page.rows] == [False, True, False, False, False]
    counts = ew.open_counts(db_session, staff["regisseur"], today=TODAY)
    assert (counts.open, counts.crisis, counts.overdue) == (5, 1, 1)


def test_each_row_shows_the_households_name_word_postcode_partner_types_and_total(db_session, staff):
    make_household(db_session, name="Yılmaz, Ayşe", postcode="2651 AB",
                   signals=[Signal("Huur", 400), Signal("Energie", 120, "Eneco"), Signal("Huur", 80, days_ago=1)])
    row = ew.queue(db_session, staff["regisseur"], ew.QueueFilter()).rows[0]
    assert (row.household.name_word, row.household.postcode_digits) == ("Yılmaz", "2651")
    assert row.partner_types == ["Energie", "Huur"]
    assert row.total_euros == 600


def test_filters_by_approach_partner_type_assigned_and_crisis(db_session, staff):
    letter = make_household(db_session, approach=Approach.LETTER_SMS, signals=[Signal("Zorg", 90)])
    visit = make_household(db_session, signals=[Signal("Huur"), Signal("Water", 60)])
    crisis = make_household(db_session, approach=Approach.CRISIS, signals=[Signal("Energie", crisis=True)],
                            assigned_to_id=staff["regisseur"].id)
    member = staff["regisseur"]

    def ids(**kwargs):
        return sorted(_ids(ew.queue(db_session, member, ew.QueueFilter(**kwargs))))

    assert ids(approach=Approach.LETTER_SMS) == [letter.id]
    assert ids(partner_type="Water") == [visit.id]
    assert ids(partner_type="Energie") == [crisis.id]
    assert ids(assigned="me") == [crisis.id]
    assert ids(assigned="none") == sorted([letter.id, visit.id])
    assert ids(crisis=True) == [crisis.id]


def test_paging_and_another_municipality_sees_none_of_it(db_session, staff):
    for number in range(ew.PAGE_SIZE + 3):
        make_household(db_session, name=f"Huis{number}", due_in_days=number, commit=False)
    db_session.commit()
    member = staff["regisseur"]
    first, second = (ew.queue(db_session, member, ew.QueueFilter(page=page)) for page in (1, 2))
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (ew.PAGE_SIZE + 3, 2, ew.PAGE_SIZE, 3)
    assert not set(_ids(first)) & set(_ids(second))
    beyond = ew.queue(db_session, member, ew.QueueFilter(page=9))  # an old link past the end: the last page
    assert (beyond.page, beyond.total, _ids(beyond)) == (2, ew.PAGE_SIZE + 3, _ids(second))
    assert ew.queue(db_session, staff["groningen"], ew.QueueFilter()).total == 0
    with pytest.raises(ew.ZaakNotFound):
        ew.open_zaak(db_session, staff["groningen"], first.rows[0].zaak.id)


def test_every_look_at_a_household_is_audit_logged(db_session, staff):
    zaak = make_household(db_session)
    ew.open_zaak(db_session, staff["regisseur"], zaak.id)
    ew.open_zaak(db_session, staff["beheerder"], zaak.id)
    entries = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "view_early_warning")).all()
    assert [(e.staff_id, e.detail) for e in entries] == [(staff["regisseur"].id, f"vroegsignaalzaak:{zaak.id}"),
                                                         (staff["beheerder"].id, f"vroegsignaalzaak:{zaak.id}")]


def test_two_coordinators_claiming_at_once_one_wins(app, db_session, staff):
    zaak_id = make_household(db_session).id
    ids = {who: staff[who].id for who in ("regisseur", "collega")}
    order = iter(ids)

    def claim(session):
        member = session.get(type(staff["regisseur"]), ids[next(order)])
        return member.id, ew.claim(session, member, zaak_id)

    outcomes = at_the_same_moment(app, claim)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    winners = [member_id for member_id, (won, _holder) in outcomes if won]
    assert len(winners) == 1
    assert all(holder.id == winners[0] for _member, (_won, holder) in outcomes), "the loser is told who has it"
    db_session.expire_all()
    assert db_session.get(Vroegsignaalzaak, zaak_id).assigned_to_id == winners[0]


def test_the_first_reached_attempt_sets_picked_up_and_the_signals_opgepakt(db_session, staff):
    zaak = make_household(db_session, signals=[Signal("Huur"), Signal("Energie", 100)])
    member = staff["regisseur"]
    ew.log_attempt(db_session, member, zaak.id, soort="Telefoon", bereikt=False, datum=TODAY - timedelta(days=2),
                   dagdeel="Ochtend", note="Voicemail")
    db_session.expire_all()
    zaak = db_session.get(Vroegsignaalzaak, zaak.id)
    assert zaak.picked_up_on is None
    assert {s.status for s in zaak.signals} == {Signaalstatus.NOG_NIET_OPGEPAKT.value}
    ew.log_attempt(db_session, member, zaak.id, soort="Huisbezoek", bereikt=True, datum=TODAY - timedelta(days=1),
                   dagdeel="Middag", note="Thuis getroffen")
    ew.log_attempt(db_session, member, zaak.id, soort="Telefoon", bereikt=True, datum=TODAY, dagdeel=None, note="")
    db_session.expire_all()
    zaak = db_session.get(Vroegsignaalzaak, zaak.id)
    assert zaak.picked_up_on == TODAY - timedelta(days=1), "the first day someone was reached: DDAS datumOpgepakt"
    assert {s.status for s in zaak.signals} == {Signaalstatus.OPGEPAKT.value}
    assert [(a.soort, a.bereikt, a.dagdeel) for a in zaak.contactpogingen] == [
        ("Telefoon", False, "Ochtend"), ("Huisbezoek", True, "Middag"), ("Telefoon", True, None)]


def test_the_note_of_an_attempt_is_encrypted_at_rest(db_session, staff):
    zaak = make_household(db_session)
    ew.log_attempt(db_session, staff["regisseur"], zaak.id, soort="Huisbezoek", bereikt=True, datum=TODAY,
                   dagdeel="Avond", note="Huurachterstand door ziekte")
    raw = db_session.connection().exec_driver_sql("SELECT note FROM contactpoging").scalar()
    assert "ziekte" not in raw


def _reached(db_session, member, zaak):
    ew.log_attempt(db_session, member, zaak.id, soort="Huisbezoek", bereikt=True, datum=local_date(utcnow()),
                   dagdeel="Middag", note=None)


def test_help_accepted_makes_one_linked_sign_up_without_retyping(db_session, staff, municipalities):
    zaak = make_household(db_session, name="Petra Jansen", phone="0612345678", email="petra@example.org",
                          signals=[Signal("Huur", 900, crisis=True), Signal("Energie", 150, days_ago=1)],
                          approach=Approach.CRISIS)
    member = staff["regisseur"]
    _reached(db_session, member, zaak)
    now = utcnow()
    closed = ew.close(db_session, member, zaak.id, result=HELP, now=now)
    case = closed.aanmelding
    assert not closed.already and case is not None
    assert (case.call_name, case.phone, case.email) == ("Petra Jansen", "0612345678", "petra@example.org")
    assert case.postal_address == "Dorpsstraat 12, 2651 AB Berkel en Rodenrijs"
    assert case.source == EARLY_WARNING_SOURCE and case.status == "new" and case.assigned_to_id is None
    assert case.crisis and case.crisis_kinds == ["eviction"] and case.topics == ["rent", "energy"]
    town = municipalities["lansingerland"]
    deadlines = first_contact_deadlines(now, crisis=True, promise_days=town.first_contact_days,
                                        promise_crisis_working_days=town.crisis_working_days)
    assert (case.first_contact_due, case.legal_deadline) == (deadlines.target, deadlines.legal)
    db_session.expire_all()
    zaak = db_session.get(Vroegsignaalzaak, zaak.id)
    assert zaak.result == HELP and zaak.aanmelding_id == case.id, "linked both ways"
    assert ew.linked_zaak_id(db_session, case) == zaak.id
    # Found by the search box as any sign-up is.
    assert db_session.scalar(select(func.count()).select_from(SearchToken)
                             .where(SearchToken.aanmelding_id == case.id)) >= 2
    found = db_session.scalars(select(Aanmelding.id).where(
        search_index.matches(town.id, parse_search("0612345678")))).all()
    assert found == [case.id]


def test_closing_twice_makes_one_sign_up(db_session, staff):
    zaak = make_household(db_session)
    _reached(db_session, staff["regisseur"], zaak)
    first = ew.close(db_session, staff["regisseur"], zaak.id, result=HELP)
    second = ew.close(db_session, staff["regisseur"], zaak.id, result=Eindresultaat.GEEN_CONTACT.value)
    assert second.already and second.aanmelding.id == first.aanmelding.id
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 1
    db_session.expire_all()
    assert db_session.get(Vroegsignaalzaak, zaak.id).result == HELP, "the first close stands"


def test_two_closes_at_the_same_moment_make_one_sign_up(app, db_session, staff):
    zaak = make_household(db_session)
    _reached(db_session, staff["regisseur"], zaak)
    member_id, zaak_id = staff["regisseur"].id, zaak.id

    def close(session):
        return ew.close(session, session.get(type(staff["regisseur"]), member_id), zaak_id, result=HELP)

    outcomes = at_the_same_moment(app, close, count=3)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.already for o in outcomes) == [False, True, True]
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 1


def test_help_accepted_needs_a_reached_attempt_first(db_session, staff):
    zaak = make_household(db_session)
    with pytest.raises(ew.ClosingRefused) as refused:
        ew.close(db_session, staff["regisseur"], zaak.id, result=HELP)
    assert refused.value.code == "help_without_contact"
    db_session.expire_all()
    assert db_session.get(Vroegsignaalzaak, zaak.id).result is None
    assert db_session.scalar(select(func.count()).select_from(Aanmelding)) == 0


def test_another_result_closes_without_a_sign_up_and_carries_a_ddas_status_to_the_signals(db_session, staff):
    zaak = make_household(db_session, signals=[Signal("Huur"), Signal("Zorg", 80)])
    closed = ew.close(db_session, staff["regisseur"], zaak.id, result=Eindresultaat.GEEN_INWONER.value)
    assert closed.aanmelding is None
    db_session.expire_all()
    zaak = db_session.get(Vroegsignaalzaak, zaak.id)
    assert {s.status for s in zaak.signals} == {Signaalstatus.GEEN_INWONER.value}
    with pytest.raises(ew.ZaakClosed):
        ew.log_attempt(db_session, staff["regisseur"], zaak.id, soort="Brief", bereikt=False, datum=TODAY,
                       dagdeel=None, note=None)
    assert ew.queue(db_session, staff["regisseur"], ew.QueueFilter()).total == 0, "closed cases leave the queue"


def test_the_home_visit_list_holds_visit_and_crisis_households_due_that_day_or_late(db_session, staff):
    member = staff["regisseur"]
    due = make_household(db_session, name="Due", postcode="2651 ZZ", due_on=TODAY, today=TODAY)
    late = make_household(db_session, name="Late", postcode="2651 AA", due_on=TODAY - timedelta(days=3),
                          today=TODAY)
    crisis = make_household(db_session, name="Crisis", postcode="2652 XX", approach=Approach.CRISIS,
                            signals=[Signal(crisis=True)], due_on=TODAY, today=TODAY)
    make_household(db_session, name="Tomorrow", due_on=TODAY + timedelta(days=1), today=TODAY)
    make_household(db_session, name="Letter", approach=Approach.LETTER_SMS, due_on=TODAY, today=TODAY)
    reached = make_household(db_session, name="Reached", due_on=TODAY, today=TODAY)
    reached.picked_up_on = TODAY
    db_session.commit()
    visits = ew.home_visits(db_session, member, TODAY)
    assert [v.zaak.id for v in visits] == [crisis.id, late.id, due.id], "crisis first, then along the postcodes"
    assert visits[0].contact.address == "Dorpsstraat 12, 2652 XX Berkel en Rodenrijs"
    assert ew.home_visits(db_session, staff["groningen"], TODAY) == []
