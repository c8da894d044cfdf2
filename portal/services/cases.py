"""The ketenregisseur's queue and the work on one case. Every function is scoped to one municipality."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction, utcnow
from portal.models import Aanmelding, AanmeldingStatus, CaseEvent, StaffMember, StaffRole
from portal.rules.case_status import check_transition, deadline_state
from portal.rules.deadlines import local_date
from portal.rules.search_terms import parse_search
from portal.services import audit, search_index

PAGE_SIZE = 25
OPEN = (AanmeldingStatus.NEW, AanmeldingStatus.CONTACTED, AanmeldingStatus.INTAKE_PLANNED)


class CaseNotFound(LookupError):
    """Not in this staff member's municipality (or not there at all): answered as 404, so nothing leaks."""


class CaseForbidden(PermissionError):
    """In the municipality, but not this partner caseworker's case."""


@dataclass(frozen=True)
class QueueFilter:
    status: str = "open"  # open / a status / all
    group: str = ""
    source: str = ""
    assigned: str = ""  # "" / me / none
    search: str = ""  # a reference, a phone number or name words (rules/search_terms.py)
    page: int = 1


@dataclass(frozen=True)
class QueuePage:
    cases: list[Aanmelding]
    total: int
    page: int
    pages: int
    # Case id -> the other cases with the same phone number within 90 days (rules/duplicates.py), for this page.
    duplicates: dict[int, list[search_index.Duplicate]] = field(default_factory=dict)


def queue(session: Session, member: StaffMember, filters: QueueFilter, *, today: date | None = None) -> QueuePage:
    """Most urgent first: crisis, then overdue, then due soonest; families with children first on the same day."""
    today = today or local_date(utcnow())
    # With a search, its few case ids are the selective part: "+ 0" keeps the planner from walking the municipality's
    # whole queue index and testing every case against them (3x slower on SQLite at 100 000 cases).
    municipality = Aanmelding.municipality_id + 0 if filters.search else Aanmelding.municipality_id
    stmt = select(Aanmelding).where(municipality == member.municipality_id)
    if filters.status == "open":
        stmt = stmt.where(Aanmelding.status.in_(OPEN))
    elif filters.status in AanmeldingStatus._value2member_map_:
        stmt = stmt.where(Aanmelding.status == filters.status)
    if filters.group:
        stmt = stmt.where(Aanmelding.group == filters.group)
    if filters.source:
        stmt = stmt.where(Aanmelding.source == filters.source)
    if filters.assigned == "me":
        stmt = stmt.where(Aanmelding.assigned_to_id == member.id)
    elif filters.assigned == "none":
        stmt = stmt.where(Aanmelding.assigned_to_id.is_(None))
    if filters.search:
        stmt = stmt.where(search_index.matches(member.municipality_id, parse_search(filters.search)))
    if member.role == StaffRole.CASEWORKER:  # as on the case page (_load): only their own cases
        stmt = stmt.where(Aanmelding.assigned_to_id == member.id)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    overdue = case((Aanmelding.first_contact_due < today, 1), else_=0)
    children = case((Aanmelding.children == "yes", 1), else_=0)
    ordered = stmt.order_by(Aanmelding.crisis.desc(), overdue.desc(), Aanmelding.first_contact_due, children.desc(),
                            Aanmelding.submitted_at, Aanmelding.id)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    # The page's ids first, then their rows: the sort then moves narrow ids, not every matching case's encrypted fields.
    ids = list(session.scalars(ordered.with_only_columns(Aanmelding.id).limit(PAGE_SIZE)
                               .offset((page - 1) * PAGE_SIZE)))
    loaded = {row.id: row for row in session.scalars(select(Aanmelding).where(Aanmelding.id.in_(ids))
                                                      .options(selectinload(Aanmelding.assigned_to)))}
    rows = [loaded[case_id] for case_id in ids]
    return QueuePage(cases=rows, total=total, page=page, pages=pages,
                     duplicates=search_index.possible_duplicates(session, rows))


def possible_duplicates(session: Session, aanmelding: Aanmelding) -> list[search_index.Duplicate]:
    return search_index.possible_duplicates(session, [aanmelding]).get(aanmelding.id, [])


def deadline_state_of(aanmelding: Aanmelding, today: date) -> str:
    first = local_date(aanmelding.first_contact_at) if aanmelding.first_contact_at else None
    return deadline_state(first_contact_due=aanmelding.first_contact_due, legal_deadline=aanmelding.legal_deadline,
                          first_contact_on=first, today=today)


def sources(session: Session, member: StaffMember) -> list[str]:
    stmt = (select(Aanmelding.source).where(Aanmelding.municipality_id == member.municipality_id,
                                            Aanmelding.source.is_not(None)).distinct().order_by(Aanmelding.source))
    return list(session.scalars(stmt))


def _load(session: Session, member: StaffMember, case_id: int) -> Aanmelding:
    aanmelding = session.get(Aanmelding, case_id)
    if aanmelding is None or aanmelding.municipality_id != member.municipality_id:
        raise CaseNotFound(case_id)
    if member.role == StaffRole.CASEWORKER and aanmelding.assigned_to_id != member.id:
        raise CaseForbidden(case_id)
    return aanmelding


def open_case(session: Session, member: StaffMember, case_id: int) -> Aanmelding:
    """Every look at a case is written to the audit log."""
    aanmelding = _load(session, member, case_id)
    audit.record(session, member, "view_case", aanmelding_id=aanmelding.id)
    return aanmelding


def timeline(session: Session, aanmelding: Aanmelding) -> list[CaseEvent]:
    stmt = (select(CaseEvent).where(CaseEvent.aanmelding_id == aanmelding.id)
            .options(selectinload(CaseEvent.staff)).order_by(CaseEvent.at.desc(), CaseEvent.id.desc()))
    return list(session.scalars(stmt))


def claim(session: Session, member: StaffMember, case_id: int) -> tuple[bool, StaffMember | None]:
    """One statement decides: of two coordinators claiming at once, exactly one gets the case."""
    _load(session, member, case_id)
    with transaction(session):
        result = session.execute(
            update(Aanmelding)
            .where(Aanmelding.id == case_id, Aanmelding.assigned_to_id.is_(None))
            .values(assigned_to_id=member.id)
        )
        won = result.rowcount == 1
        if won:
            session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="claimed"))
    session.expire_all()
    aanmelding = session.get(Aanmelding, case_id)
    audit.record(session, member, "claim" if won else "claim_lost", aanmelding_id=case_id)
    return won, aanmelding.assigned_to


def failed_tries(session: Session, aanmelding: Aanmelding) -> int:
    return sum(1 for event in timeline(session, aanmelding)
               if event.kind == "contact" and not event.data.get("reached"))


def log_contact(session: Session, member: StaffMember, case_id: int, *, kind: str, reached: bool,
                note: str | None) -> None:
    aanmelding = _load(session, member, case_id)
    with transaction(session):
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="contact",
                              data={"kind": kind, "reached": reached}, text=note or None))
        if reached and aanmelding.first_contact_at is None:
            aanmelding.first_contact_at = utcnow()
            if aanmelding.status == AanmeldingStatus.NEW:
                aanmelding.status = AanmeldingStatus.CONTACTED
    outcome = "reached" if reached else "missed"
    audit.record(session, member, "log_contact", aanmelding_id=case_id, detail=f"{kind}:{outcome}")


def change_status(session: Session, member: StaffMember, case_id: int, *, target: str, reason: str | None = None,
                  partner: str | None = None) -> None:
    """Raises StatusRuleError when the move is not allowed; nothing is changed then."""
    aanmelding = _load(session, member, case_id)
    target_status = AanmeldingStatus(target)
    if partner not in {p.name for p in aanmelding.municipality.partners}:
        partner = None  # a warm handover goes to one of this municipality's own partners
    check_transition(aanmelding.status, target_status, reason=reason, partner=partner,
                     failed_tries=failed_tries(session, aanmelding))
    with transaction(session):
        previous = aanmelding.status
        aanmelding.status = target_status
        data = {"from": str(previous), "to": str(target_status)}
        if target_status == AanmeldingStatus.HANDED_OVER:
            aanmelding.handed_over_to = partner
            data["partner"] = partner
        if target_status == AanmeldingStatus.CLOSED:
            aanmelding.closed_reason, aanmelding.closed_at = reason, utcnow()
            data["reason"] = reason
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="status", data=data))
    audit.record(session, member, "change_status", aanmelding_id=case_id, detail=f"{previous}->{target_status}")


def add_note(session: Session, member: StaffMember, case_id: int, text: str) -> None:
    _load(session, member, case_id)
    with transaction(session):
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="note", text=text))
    audit.record(session, member, "add_note", aanmelding_id=case_id)
