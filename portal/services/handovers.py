"""Warm handover (overdracht) to a partner organisation: hand over, accept, send back, what a partner may see, the
partner's inbox and the coordinators' overview. Every function is scoped to the member's municipality, and a partner
caseworker to their own organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.db import transaction, utcnow
from portal.domain.handover import FieldGroup, OverdrachtState, ShareConsent
from portal.models import Aanmelding, AanmeldingStatus, CaseEvent, Overdracht, Partner, StaffMember, StaffRole
from portal.rules import handover as rules
from portal.rules.case_status import RETURNED_STATUS, check_transition
from portal.rules.deadlines import local_date
from portal.services import audit
from portal.services.cases import CaseForbidden, CaseNotFound, failed_tries
from portal.services.cases import _load as load_for_work

HANDOVER_EVENT = "handover"  # CaseEvent.kind of each step: data["state"] says which
CONSENT_EVENT = "share_consent"  # CaseEvent.kind: the coordinator recorded what the resident said after a call
WAITING_OR_ACCEPTED = (OverdrachtState.HANDED_OVER, OverdrachtState.ACCEPTED)


class HandoverNotFound(LookupError):
    """Not a handover to this caseworker's organisation (or not there at all): answered as 404."""


@dataclass(frozen=True)
class CaseView:
    """A case as one staff member may see it: `groups` are the field groups shown; `handover` the handover it came
    through to their organisation (then the partner's page shows it, with only those groups)."""

    case: Aanmelding
    groups: frozenset[FieldGroup]
    handover: Overdracht | None = None

    def shows(self, group: str) -> bool:
        return group in self.groups


def _case_in_municipality(session: Session, member: StaffMember, case_id: int) -> Aanmelding:
    aanmelding = session.get(Aanmelding, case_id)
    if aanmelding is None or aanmelding.municipality_id != member.municipality_id:
        raise CaseNotFound(case_id)
    return aanmelding


def _partners_handover(session: Session, member: StaffMember, aanmelding_id: int) -> Overdracht | None:
    """The waiting or accepted handover of this case to the member's own organisation."""
    if member.partner_id is None:
        return None
    return session.scalars(select(Overdracht).where(
        Overdracht.aanmelding_id == aanmelding_id, Overdracht.partner_id == member.partner_id,
        Overdracht.municipality_id == member.municipality_id, Overdracht.state.in_(WAITING_OR_ACCEPTED))
        .order_by(Overdracht.id.desc())).first()


def open_case(session: Session, member: StaffMember, case_id: int) -> CaseView:
    """Every look at a case is written to the audit log; a partner's look also names the field groups it showed."""
    aanmelding = _case_in_municipality(session, member, case_id)
    if member.role != StaffRole.CASEWORKER:
        audit.record(session, member, "view_case", aanmelding_id=aanmelding.id)
        return CaseView(aanmelding, rules.ALL_GROUPS)
    handover = _partners_handover(session, member, aanmelding.id)
    groups = rules.caseworker_sees(assisted=aanmelding.assisted_by_id == member.id,
                                   assigned=aanmelding.assigned_to_id == member.id,
                                   handover_groups=frozenset(handover.field_groups) if handover else None)
    if groups is None:
        raise CaseForbidden(case_id)
    shown = ",".join(sorted(groups)) or "none"
    audit.record(session, member, "view_case_partner" if handover else "view_case", aanmelding_id=aanmelding.id,
                 detail=f"partner={handover.partner_id};shown={shown}" if handover else None)
    return CaseView(aanmelding, groups, handover)


def latest_for_case(session: Session, aanmelding: Aanmelding) -> Overdracht | None:
    return session.scalars(select(Overdracht).where(Overdracht.aanmelding_id == aanmelding.id)
                           .order_by(Overdracht.id.desc())).first()


def _event(session: Session, member: StaffMember, handover: Overdracht, state: OverdrachtState) -> None:
    session.add(CaseEvent(aanmelding_id=handover.aanmelding_id, staff_id=member.id, kind=HANDOVER_EVENT,
                          data={"state": str(state), "partner": handover.partner.name}))


def hand_over(session: Session, member: StaffMember, case_id: int, *, partner_id: int | None, why: str | None,
              today: date | None = None) -> Overdracht:
    """The coordinator's warm handover. Raises HandoverRuleError or StatusRuleError; nothing is changed then."""
    aanmelding = load_for_work(session, member, case_id)
    partner = next((p for p in aanmelding.municipality.partners if p.id == partner_id), None)
    rules.check_handover(reason=why, partner_found=partner is not None)
    check_transition(aanmelding.status, AanmeldingStatus.HANDED_OVER, partner=partner.name,
                     failed_tries=failed_tries(session, aanmelding))
    today = today or local_date(utcnow())
    with transaction(session):
        handover = Overdracht(aanmelding_id=aanmelding.id, municipality_id=aanmelding.municipality_id,
                              partner=partner, why=why.strip(), handed_over_by_id=member.id,
                              field_groups=sorted(rules.shared_groups(aanmelding.share_consent)),
                              due_on=rules.due_on(today, aanmelding.municipality.handover_working_days),
                              state=OverdrachtState.HANDED_OVER)
        session.add(handover)
        aanmelding.status, aanmelding.handed_over_to = AanmeldingStatus.HANDED_OVER, partner.name
        _event(session, member, handover, OverdrachtState.HANDED_OVER)
    audit.record(session, member, "hand_over", aanmelding_id=aanmelding.id, detail=f"partner={partner.id}")
    return handover


def for_my_partner(session: Session, member: StaffMember, handover_id: int) -> Overdracht:
    handover = session.get(Overdracht, handover_id)
    if (handover is None or member.partner_id is None or handover.partner_id != member.partner_id
            or handover.municipality_id != member.municipality_id):
        raise HandoverNotFound(handover_id)
    return handover


def accept(session: Session, member: StaffMember, handover_id: int) -> Overdracht:
    """A caseworker of the partner takes the case: it is theirs from now on."""
    handover = for_my_partner(session, member, handover_id)
    rules.check_decision(handover.state)
    with transaction(session):
        handover.state, handover.decided_by_id, handover.decided_at = OverdrachtState.ACCEPTED, member.id, utcnow()
        handover.aanmelding.assigned_to_id = member.id
        _event(session, member, handover, OverdrachtState.ACCEPTED)
    audit.record(session, member, "accept_handover", aanmelding_id=handover.aanmelding_id)
    return handover


def send_back(session: Session, member: StaffMember, handover_id: int, reason: str | None) -> Overdracht:
    """The partner cannot help: the case is open again in the coordinators' queue, with the coordinator who handed
    it over, and the reason on the handover."""
    handover = for_my_partner(session, member, handover_id)
    rules.check_decision(handover.state, return_reason=reason, returning=True)
    with transaction(session):
        handover.state, handover.decided_by_id, handover.decided_at = OverdrachtState.RETURNED, member.id, utcnow()
        handover.return_reason = reason.strip()
        case = handover.aanmelding
        case.status, case.handed_over_to, case.assigned_to_id = RETURNED_STATUS, None, handover.handed_over_by_id
        _event(session, member, handover, OverdrachtState.RETURNED)
    audit.record(session, member, "return_handover", aanmelding_id=handover.aanmelding_id)
    return handover


def record_consent(session: Session, member: StaffMember, case_id: int, consent: str) -> None:
    """What the resident said on the phone. It also widens or narrows what a waiting or accepted handover shows."""
    aanmelding = load_for_work(session, member, case_id)
    consent = ShareConsent(consent)
    with transaction(session):
        aanmelding.share_consent = consent
        for handover in session.scalars(select(Overdracht).where(Overdracht.aanmelding_id == aanmelding.id,
                                                                 Overdracht.state.in_(WAITING_OR_ACCEPTED))):
            handover.field_groups = sorted(rules.shared_groups(consent))
        session.add(CaseEvent(aanmelding_id=aanmelding.id, staff_id=member.id, kind=CONSENT_EVENT,
                              data={"consent": str(consent)}))
    audit.record(session, member, "record_share_consent", aanmelding_id=aanmelding.id, detail=str(consent))


@dataclass(frozen=True)
class Inbox:
    """A partner caseworker's start page."""

    waiting: list[Overdracht]
    accepted: list[Overdracht]
    assigned: list[Aanmelding]
    assisted: list[Aanmelding]


def inbox(session: Session, member: StaffMember) -> Inbox:
    waiting, accepted = [], []
    if member.partner_id is not None:
        rows = session.scalars(select(Overdracht).where(
            Overdracht.partner_id == member.partner_id, Overdracht.municipality_id == member.municipality_id,
            Overdracht.state.in_(WAITING_OR_ACCEPTED)).options(selectinload(Overdracht.aanmelding))
            .order_by(Overdracht.due_on, Overdracht.id))
        for row in rows:
            (waiting if row.state == OverdrachtState.HANDED_OVER else accepted).append(row)
    through_handover = {row.aanmelding_id for row in accepted}
    mine = select(Aanmelding).where(Aanmelding.municipality_id == member.municipality_id)
    assigned = [case for case in session.scalars(mine.where(Aanmelding.assigned_to_id == member.id)
                                                 .order_by(Aanmelding.submitted_at.desc()))
                if case.id not in through_handover]
    assisted = list(session.scalars(mine.where(Aanmelding.assisted_by_id == member.id)
                                    .order_by(Aanmelding.submitted_at.desc()).limit(50)))
    return Inbox(waiting, accepted, assigned, assisted)


@dataclass
class PartnerCounts:
    partner: Partner
    handed_over: int = 0  # made in the period
    waiting: int = 0
    accepted: int = 0
    accepted_in_time: int = 0
    returned: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Overview:
    per_partner: list[PartnerCounts]
    handovers: list[Overdracht] = field(default_factory=list)


def _municipality_handovers(session: Session, member: StaffMember, *, since: datetime | None = None,
                            until: datetime | None = None) -> list[Overdracht]:
    stmt = (select(Overdracht).where(Overdracht.municipality_id == member.municipality_id)
            .options(selectinload(Overdracht.partner), selectinload(Overdracht.aanmelding),
                     selectinload(Overdracht.decided_by))
            .order_by(Overdracht.handed_over_at.desc(), Overdracht.id.desc()))
    if since is not None:
        stmt = stmt.where(Overdracht.handed_over_at >= since)
    if until is not None:
        stmt = stmt.where(Overdracht.handed_over_at < until)
    return list(session.scalars(stmt))


def partner_counts(session: Session, member: StaffMember, *, today: date, since: datetime | None = None,
                   until: datetime | None = None) -> list[PartnerCounts]:
    """Per partner of the municipality, the handovers made in the period: accepted (within the due date), returned,
    still waiting and late. Partners without handovers are listed with zeros."""
    per = {p.id: PartnerCounts(p) for p in member.municipality.partners}
    for handover in _municipality_handovers(session, member, since=since, until=until):
        counts = per.setdefault(handover.partner_id, PartnerCounts(handover.partner))
        counts.handed_over += 1
        state = OverdrachtState(handover.state)
        counts.waiting += state == OverdrachtState.HANDED_OVER
        counts.accepted += state == OverdrachtState.ACCEPTED
        counts.returned += state == OverdrachtState.RETURNED
        counts.overdue += rules.is_overdue(state, handover.due_on, today)
        decided = local_date(handover.decided_at) if handover.decided_at else None
        counts.accepted_in_time += rules.answered_in_time(state, handover.due_on, decided)
    return list(per.values())


def overview(session: Session, member: StaffMember, *, today: date, state: str = "") -> Overview:
    """The coordinators' page: counts per partner over every handover, and the handovers (one state, or 'overdue')."""
    rows = _municipality_handovers(session, member)
    if state == "overdue":
        rows = [row for row in rows if rules.is_overdue(row.state, row.due_on, today)]
    elif state in OverdrachtState._value2member_map_:
        rows = [row for row in rows if row.state == state]
    return Overview(partner_counts(session, member, today=today), rows[:200])
