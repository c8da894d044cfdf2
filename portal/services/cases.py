"""The ketenregisseur's queue and the work on one case. Every function is scoped to one municipality."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, case, func, select, update
from sqlalchemy.orm import Session, defer, selectinload

from portal.db import transaction, utcnow
from portal.models import Aanmelding, AanmeldingStatus, CaseEvent, StaffMember, StaffRole
from portal.rules.case_status import check_transition, deadline_state
from portal.rules.contact_attempt import ContactRefused, Fit, fit
from portal.rules.deadlines import local_date
from portal.rules.search_terms import parse_search
from portal.services import aftercare, audit, search_index, survey

PAGE_SIZE = 25
# An export holds at most this many cases (a year of sign-ups of a large municipality); above it the export is
# refused and asks for a narrower filter, rather than cut off without saying so.
EXPORT_LIMIT = 10_000
PERSONAL_EXPORT_ROLES = (StaffRole.KETENREGISSEUR,)
OPEN = (AanmeldingStatus.NEW, AanmeldingStatus.CONTACTED, AanmeldingStatus.INTAKE_PLANNED)


class CaseNotFound(LookupError):
    """Not in this staff member's municipality (or not there at all): answered as 404, so nothing leaks."""


class CaseForbidden(PermissionError):
    """In the municipality, but not this partner caseworker's case."""


class ExportForbidden(PermissionError):
    """Names and contact details in an export, asked by a role that may not take them out."""


class ExportTooLarge(ValueError):
    """More cases than one file holds: a narrower filter is needed."""


@dataclass(frozen=True)
class QueueFilter:
    status: str = "open"  # open / a status / all
    group: str = ""
    source: str = ""
    assigned: str = ""  # "" / me / none
    search: str = ""  # a reference, a phone number or name words (rules/search_terms.py)
    crisis: bool = False
    overdue: bool = False  # no contact yet and the promised day has passed
    page: int = 1

    def described(self) -> str:
        """For the audit log: which filters were set. Whether a search was typed, never what was typed."""
        parts = [f"{name}={value}" for name, value in (("status", self.status), ("group", self.group),
                                                        ("source", self.source), ("assigned", self.assigned))
                 if value]
        parts += [name for name in ("crisis", "overdue") if getattr(self, name)]
        return " ".join(parts + (["search"] if self.search else []))


@dataclass(frozen=True)
class QueuePage:
    cases: list[Aanmelding]
    total: int
    page: int
    pages: int
    # Case id -> the other cases with the same phone number within 90 days (rules/duplicates.py), for this page.
    duplicates: dict[int, list[search_index.Duplicate]] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueCounts:
    """Of all open cases of the municipality, whatever the filters."""

    crisis: int
    overdue: int


def _overdue(today: date):
    return (Aanmelding.first_contact_at.is_(None)) & (Aanmelding.first_contact_due < today)


def _status_and_holder(member: StaffMember, filters: QueueFilter) -> list:
    conditions = []
    if filters.status == "open":
        conditions.append(Aanmelding.status.in_(OPEN))
    elif filters.status in AanmeldingStatus._value2member_map_:
        conditions.append(Aanmelding.status == filters.status)
    if filters.assigned == "me":
        conditions.append(Aanmelding.assigned_to_id == member.id)
    elif filters.assigned == "none":
        conditions.append(Aanmelding.assigned_to_id.is_(None))
    if member.role == StaffRole.CASEWORKER:  # as on the case page (_load): only their own cases
        conditions.append(Aanmelding.assigned_to_id == member.id)
    return conditions


def _queue_select(member: StaffMember, filters: QueueFilter, today: date) -> Select:
    """The queue's filters and its order, for the page and the export alike: most urgent first (crisis, then
    overdue, then due soonest), families with children first on the same day."""
    # With a search, its few case ids are the selective part: "+ 0" keeps the planner from walking the municipality's
    # whole queue index and testing every case against them (3x slower on SQLite at 100 000 cases).
    municipality = Aanmelding.municipality_id + 0 if filters.search else Aanmelding.municipality_id
    stmt = select(Aanmelding).where(municipality == member.municipality_id, *_status_and_holder(member, filters))
    if filters.group:
        stmt = stmt.where(Aanmelding.group == filters.group)
    if filters.source:
        stmt = stmt.where(Aanmelding.source == filters.source)
    if filters.search:
        stmt = stmt.where(search_index.matches(member.municipality_id, parse_search(filters.search)))
    if filters.crisis:
        stmt = stmt.where(Aanmelding.crisis.is_(True))
    if filters.overdue:
        stmt = stmt.where(_overdue(today))
    overdue = case((Aanmelding.first_contact_due < today, 1), else_=0)
    children = case((Aanmelding.children == "yes", 1), else_=0)
    return stmt.order_by(Aanmelding.crisis.desc(), overdue.desc(), Aanmelding.first_contact_due, children.desc(),
                         Aanmelding.submitted_at, Aanmelding.id)


def queue(session: Session, member: StaffMember, filters: QueueFilter, *, today: date | None = None) -> QueuePage:
    stmt = _queue_select(member, filters, today or local_date(utcnow()))
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    # The page's ids first, then their rows: the sort then moves narrow ids, not every matching case's encrypted fields.
    ids = list(session.scalars(stmt.with_only_columns(Aanmelding.id).limit(PAGE_SIZE)
                               .offset((page - 1) * PAGE_SIZE)))
    loaded = {row.id: row for row in session.scalars(select(Aanmelding).where(Aanmelding.id.in_(ids))
                                                      .options(selectinload(Aanmelding.assigned_to)))}
    rows = [loaded[case_id] for case_id in ids]
    return QueuePage(cases=rows, total=total, page=page, pages=pages,
                     duplicates=search_index.possible_duplicates(session, rows))


def possible_duplicates(session: Session, aanmelding: Aanmelding) -> list[search_index.Duplicate]:
    return search_index.possible_duplicates(session, [aanmelding]).get(aanmelding.id, [])


def open_counts(session: Session, member: StaffMember, *, today: date | None = None) -> QueueCounts:
    """Crisis and overdue among the municipality's open cases, in one query (not from the page shown)."""
    today = today or local_date(utcnow())
    row = session.execute(
        select(func.coalesce(func.sum(case((Aanmelding.crisis.is_(True), 1), else_=0)), 0),
               func.coalesce(func.sum(case((_overdue(today), 1), else_=0)), 0))
        .where(Aanmelding.municipality_id == member.municipality_id, Aanmelding.status.in_(OPEN))
    ).one()
    return QueueCounts(crisis=int(row[0]), overdue=int(row[1]))


_PERSONAL_FIELDS = (Aanmelding.call_name, Aanmelding.phone, Aanmelding.email)
_NEVER_EXPORTED = (Aanmelding.own_words, Aanmelding.postal_address, Aanmelding.selftest_summary)


def may_export_personal(member: StaffMember) -> bool:
    """Names and contact details leave the workspace only with the coordinator whose queue it is."""
    return member.role in PERSONAL_EXPORT_ROLES


def export_queue(session: Session, member: StaffMember, filters: QueueFilter, *, personal: bool,
                 today: date | None = None) -> list[Aanmelding]:
    """Every case of the filtered queue in the queue's order, up to EXPORT_LIMIT; written to the audit log with the
    filters, whether names and contact details were in it and the number of rows. Raises ExportForbidden for
    personal fields without the role, ExportTooLarge above the limit (nothing is exported then)."""
    if personal and not may_export_personal(member):
        raise ExportForbidden(member.role)
    stmt = _queue_select(member, filters, today or local_date(utcnow()))
    # What the file does not hold is not even read (nor decrypted); touching it by mistake raises.
    unused = _NEVER_EXPORTED + (() if personal else _PERSONAL_FIELDS)
    options = [selectinload(Aanmelding.assigned_to), *(defer(column, raiseload=True) for column in unused)]
    rows = list(session.scalars(stmt.options(*options).limit(EXPORT_LIMIT + 1)))
    if len(rows) > EXPORT_LIMIT:
        raise ExportTooLarge(EXPORT_LIMIT)
    audit.record(session, member, "export_queue",
                 detail=f"filter: {filters.described() or '-'}; personal: {'yes' if personal else 'no'}; "
                        f"rows: {len(rows)}")
    return rows


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
                note: str | None) -> Fit:
    """Raises ContactRefused for a voicemail the resident said no to (nothing is logged then); returns how the
    attempt fits what the resident agreed to, so the page can warn (portal/rules/contact_attempt.py)."""
    aanmelding = _load(session, member, case_id)
    agreed = fit(kind, voicemail_ok=aanmelding.voicemail_ok, channels=aanmelding.channels)
    if agreed == Fit.REFUSED:
        raise ContactRefused(kind)
    with transaction(session):
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="contact",
                              data={"kind": kind, "reached": reached}, text=note or None))
        if reached and aanmelding.first_contact_at is None:
            aanmelding.first_contact_at = utcnow()
            if aanmelding.status == AanmeldingStatus.NEW:
                aanmelding.status = AanmeldingStatus.CONTACTED
    outcome = "reached" if reached else "missed"
    audit.record(session, member, "log_contact", aanmelding_id=case_id, detail=f"{kind}:{outcome}")
    return agreed


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
            survey.invite_on_close(session, aanmelding, now=aanmelding.closed_at)
            aftercare.start_on_close(session, aanmelding, staff_id=member.id)
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="status", data=data))
    audit.record(session, member, "change_status", aanmelding_id=case_id, detail=f"{previous}->{target_status}")


def add_note(session: Session, member: StaffMember, case_id: int, text: str) -> None:
    _load(session, member, case_id)
    with transaction(session):
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind="note", text=text))
    audit.record(session, member, "add_note", aanmelding_id=case_id)


SURVEY_EVENT = "survey_ok"  # CaseEvent.kind: the coordinator recorded the resident's yes or no to the survey


def record_survey_ok(session: Session, member: StaffMember, case_id: int, survey_ok: bool) -> None:
    """What the resident said on the phone about the survey after closing (the sign-up asks it too)."""
    aanmelding = _load(session, member, case_id)
    with transaction(session):
        aanmelding.survey_ok = survey_ok
        session.add(CaseEvent(aanmelding_id=case_id, staff_id=member.id, kind=SURVEY_EVENT,
                              data={"survey_ok": survey_ok}))
    audit.record(session, member, "record_survey_ok", aanmelding_id=case_id, detail="yes" if survey_ok else "no")
