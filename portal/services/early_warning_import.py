"""Importing a file of early-warning signals: check all of it, then store all of it, or nothing.

1. A first pass (rules/signal_file.check_file) reads the whole file, streaming, keeping only the signal ids: any
   problem (encoding, columns, a field, a duplicate id) and nothing is stored; the caller shows the problems.
2. A second pass reads it again and stores the signals in batches of BATCH, grouped and triaged
   (rules/early_warning_triage.py), in ONE transaction: a failure half-way rolls everything back.
   Memory stays bounded: one batch of signals and the cases of its households are in hand at a time.
3. Idempotent on (municipality, signal id): a signal already stored is counted as "al bekend" and left as it is,
   so importing the same file twice changes nothing the second time.

Nothing personal is logged, and the file is never kept: the caller hashes it for the audit log (file_digest).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, selectinload

from portal import blind_index
from portal.db import transaction, utcnow
from portal.domain.aftercare import NazorgState
from portal.domain.early_warning import Approach, Eindresultaat, Signaalstatus
from portal.models import Municipality
from portal.models.aftercare import Nazorgtraject
from portal.models.early_warning import Vroegsignaal, Vroegsignaalzaak
from portal.rules import aftercare as aftercare_rules
from portal.rules import early_warning_triage as triage
from portal.rules.deadlines import local_date
from portal.rules.early_warning_settings import EarlyWarningSettings
from portal.rules.signal_file import FileCheck, ParsedSignal, Problem, check_file, file_kind, read_signals

BATCH = 1000


class SignalFileRejected(Exception):
    """The file has problems; nothing was stored."""

    def __init__(self, check: FileCheck):
        super().__init__(f"{len(check.problems) + check.more_problems} problems")
        self.check = check


@dataclass
class ImportResult:
    new: int = 0  # signals stored by this import
    known: int = 0  # signals already stored by an earlier import (same municipality and id)
    cases_new: int = 0  # open Vroegsignaalzaken made
    cases_updated: int = 0  # open cases that got a signal (and perhaps a higher approach)
    not_taken_up: int = 0  # below the threshold or of a partner type not taken up
    repeats: int = 0  # within the matching period of a case already closed
    crisis_cases: int = 0  # cases that are (or became) a crisis in this import
    aftercare: int = 0  # households in after-care: shown on their after-care, no new case in the queue
    case_ids: set[int] = field(default_factory=set, repr=False)

    def summary(self) -> dict:
        return {"new": self.new, "known": self.known, "cases_new": self.cases_new,
                "cases_updated": self.cases_updated, "not_taken_up": self.not_taken_up, "repeats": self.repeats,
                "crisis_cases": self.crisis_cases, "aftercare": self.aftercare}


def file_digest(binary: IO[bytes]) -> str:
    """SHA-256 of the file, for the audit log: which file, without its name or content. Rewinds."""
    hasher = hashlib.sha256()
    for chunk in iter(lambda: binary.read(1 << 16), b""):
        hasher.update(chunk)
    binary.seek(0)
    return hasher.hexdigest()


def kind_of(binary: IO[bytes]) -> str:
    head = binary.read(64)
    binary.seek(0)
    return file_kind(head)


def check(binary: IO[bytes], today: date) -> FileCheck:
    return check_file(binary, today, kind=kind_of(binary))


def _facts(signal: Vroegsignaal | ParsedSignal) -> triage.SignalFacts:
    if isinstance(signal, Vroegsignaal):
        return triage.SignalFacts(signal.partner_type, signal.amount_euros, signal.signalled_on, signal.crisis,
                                  signal.end_of_supply)
    return triage.SignalFacts(signal.partner_type, signal.amount_euros, signal.signalled_on, signal.crisis,
                              signal.end_of_supply)


class _Importer:
    def __init__(self, session: Session, municipality: Municipality, today: date):
        self.session = session
        self.municipality = municipality
        self.settings = EarlyWarningSettings.from_stored(municipality.early_warning)
        self.today = today
        self.now = utcnow()
        self.result = ImportResult()
        self.created: list[Vroegsignaalzaak] = []
        self.new_ids: set[int] = set()
        # This batch's new signals, as rows for one INSERT after the cases have their ids, and per case (by object id)
        # the facts and statuses of all its signals, stored and new, for triage.
        self.rows: list[tuple[Vroegsignaalzaak, dict]] = []
        self.facts: dict[int, list[tuple[triage.SignalFacts, str]]] = {}

    # -- households
    def _digests(self, signal: ParsedSignal) -> tuple[str, str, list[str]]:
        key = triage.household_key(bsn=signal.bsn, postcode=signal.postcode, huisnummer=signal.huisnummer,
                                   toevoeging=signal.toevoeging)
        kid, digest = blind_index.digest(self.municipality.id, triage.HOUSEHOLD_KIND, key)
        return kid, digest, blind_index.digests(self.municipality.id, triage.HOUSEHOLD_KIND, key)

    def _cases_of(self, all_digests: set[str]) -> dict[str, list[Vroegsignaalzaak]]:
        found: dict[str, list[Vroegsignaalzaak]] = defaultdict(list)
        if not all_digests:
            return found
        stmt = (select(Vroegsignaalzaak)
                .where(Vroegsignaalzaak.municipality_id == self.municipality.id,
                       Vroegsignaalzaak.household_digest.in_(all_digests))
                .options(selectinload(Vroegsignaalzaak.signals))
                .order_by(Vroegsignaalzaak.id))
        for case in self.session.scalars(stmt):
            found[case.household_digest].append(case)
        return found

    def _aftercare_of(self, all_digests: set[str]) -> dict[str, Nazorgtraject]:
        """The municipality's active after-care by household digest (services/aftercare.py wrote it)."""
        if not all_digests:
            return {}
        stmt = (select(Nazorgtraject)
                .where(Nazorgtraject.municipality_id == self.municipality.id,
                       Nazorgtraject.state == NazorgState.ACTIVE,
                       Nazorgtraject.household_digest.in_(all_digests))
                .order_by(Nazorgtraject.started_on.desc()))
        found: dict[str, Nazorgtraject] = {}
        for traject in self.session.scalars(stmt):
            found.setdefault(traject.household_digest, traject)  # the newest after-care of a household
        return found

    # -- one batch
    def store_batch(self, batch: list[ParsedSignal]) -> None:
        ids = [signal.external_id for signal in batch]
        known = set(self.session.scalars(select(Vroegsignaal.external_id).where(
            Vroegsignaal.municipality_id == self.municipality.id, Vroegsignaal.external_id.in_(ids))))
        fresh = [signal for signal in batch if signal.external_id not in known]
        self.result.known += len(batch) - len(fresh)
        keyed = [(signal, *self._digests(signal)) for signal in fresh]
        all_digests = {d for _, _, _, digests in keyed for d in digests}
        by_digest = self._cases_of(all_digests)
        aftercare = self._aftercare_of(all_digests)
        # Every digest of a household (under each key) points at the same list, so a rotation in progress still groups.
        households: dict[str, list[Vroegsignaalzaak]] = {}
        for _, _, _, digests in keyed:
            cases = [case for d in digests for case in by_digest.get(d, [])]
            shared = households.get(digests[0]) or sorted(cases, key=lambda case: case.id)
            for d in digests:
                households[d] = shared
        # In the order they were signalled, so "rising rent arrears" and the matching period read naturally.
        for signal, kid, digest, digests in sorted(keyed, key=lambda item: item[0].signalled_on):
            traject = next((aftercare[d] for d in digests if d in aftercare), None)
            self._place(signal, kid, digest, households[digest], traject)
        self.session.flush()  # the cases, so their ids are known
        if self.rows:
            # Core insert (bulk), a tenth of the ORM's work per row; EncryptedText still encrypts each field.
            self.session.connection().execute(insert(Vroegsignaal.__table__),
                                              [{**row, "zaak_id": case.id} for case, row in self.rows])
        self.new_ids.update(case.id for case in self.created)
        self.created, self.rows, self.facts = [], [], {}
        # Bounded memory: the next batch queries what it needs (only our own objects leave the session).
        for case in {id(case): case for cases in households.values() for case in cases}.values():
            for signal in case.__dict__.get("signals", ()):  # only what was loaded: no lazy load here
                self.session.expunge(signal)
            self.session.expunge(case)

    def _place(self, parsed: ParsedSignal, kid: str, digest: str, cases: list[Vroegsignaalzaak],
               traject: Nazorgtraject | None = None) -> None:
        facts = _facts(parsed)
        taken_up = triage.is_taken_up(facts, self.settings)
        signal = self._signal(parsed, crisis=triage.is_crisis(facts, self.settings))
        signal["facts"] = facts
        self.result.new += 1
        open_case = next((case for case in cases if case.result is None), None)
        recent_closed = next((case for case in reversed(cases) if case.result is not None
                              and case.matching_start <= parsed.signalled_on <= case.matching_end), None)
        if open_case is not None:
            signal["status"] = Signaalstatus.NOG_NIET_OPGEPAKT if taken_up else \
                Signaalstatus.NIET_OPGEPAKT_ANDERE_REDEN
            self._attach(open_case, signal)
            if taken_up:
                self._retriage(open_case)
                if open_case.id is not None and open_case.id not in self.new_ids \
                        and open_case.id not in self.result.case_ids:
                    self.result.cases_updated += 1
                    self.result.case_ids.add(open_case.id)
            else:
                self.result.not_taken_up += 1
            return
        if taken_up and traject is not None and aftercare_rules.in_watch_window(traject.started_on,
                                                                               parsed.signalled_on):
            self._to_aftercare(parsed, signal, kid, digest, cases, traject)
            return
        if recent_closed is not None and (not taken_up or recent_closed.result
                                          != Eindresultaat.NIET_OPGEPAKT_ANDERE_REDEN):
            signal["status"] = Signaalstatus.NIET_OPGEPAKT_HERHAALD if taken_up else \
                Signaalstatus.NIET_OPGEPAKT_ANDERE_REDEN
            self._attach(recent_closed, signal)
            if taken_up:
                self.result.repeats += 1
            else:
                self.result.not_taken_up += 1
            return
        case = Vroegsignaalzaak(
            municipality_id=self.municipality.id, household_digest=digest, household_key_id=kid,
            approach=Approach.LETTER_SMS, crisis=False, due_on=self.today, matched_on=self.today,
            matching_start=parsed.signalled_on, matching_end=triage.matching_end(parsed.signalled_on, self.settings))
        cases.append(case)
        self.created.append(case)
        if taken_up:
            signal["status"] = Signaalstatus.NOG_NIET_OPGEPAKT
            self._attach(case, signal)
            self._retriage(case, new=True)
            self.result.cases_new += 1
        else:
            # DDAS knows a case closed as "Niet opgepakt: andere reden": counted, no work in the queue.
            signal["status"] = Signaalstatus.NIET_OPGEPAKT_ANDERE_REDEN
            case.result = Eindresultaat.NIET_OPGEPAKT_ANDERE_REDEN
            case.closed_at = self.now
            self._attach(case, signal)
            self.result.not_taken_up += 1
        self.session.add(case)

    def _to_aftercare(self, parsed: ParsedSignal, signal: dict, kid: str, digest: str,
                      cases: list[Vroegsignaalzaak], traject: Nazorgtraject) -> None:
        """A household in after-care: the signal is shown on its after-care, not as a new case in the queue. For
        DDAS it is a case closed at once as "al bekend bij schuldhulp", linked to the after-care; a later signal of
        the same household joins that case."""
        signal["status"] = Signaalstatus.AL_BEKEND
        case = next((case for case in cases if case.nazorg_id == traject.id), None)
        if case is None:
            case = Vroegsignaalzaak(
                municipality_id=self.municipality.id, household_digest=digest, household_key_id=kid,
                approach=Approach.LETTER_SMS, crisis=False, due_on=self.today, matched_on=self.today,
                matching_start=parsed.signalled_on,
                matching_end=triage.matching_end(parsed.signalled_on, self.settings),
                result=Eindresultaat.AL_BEKEND, closed_at=self.now, nazorg_id=traject.id)
            cases.append(case)
            self.created.append(case)
            self.session.add(case)
        self._attach(case, signal)
        traject.signal_at = self.now
        self.result.aftercare += 1

    def _facts_of(self, case: Vroegsignaalzaak) -> list[tuple[triage.SignalFacts, str]]:
        key = id(case)
        if key not in self.facts:
            stored = case.signals if case.id is not None else []
            self.facts[key] = [(_facts(s), s.status) for s in stored]
        return self.facts[key]

    def _attach(self, case: Vroegsignaalzaak, signal: dict) -> None:
        self._facts_of(case).append((signal.pop("facts"), signal["status"]))
        self.rows.append((case, signal))
        if signal["signalled_on"] < case.matching_start:
            case.matching_start = signal["signalled_on"]

    def _retriage(self, case: Vroegsignaalzaak, *, new: bool = False) -> None:
        taken = [facts for facts, status in self._facts_of(case) if status != Signaalstatus.NIET_OPGEPAKT_ANDERE_REDEN]
        proposed = triage.approach_for(taken, self.settings)
        before = None if new else Approach(case.approach)
        approach = proposed if new else triage.higher(case.approach, proposed)
        due = triage.due_on(approach, self.today, first_contact_days=self.municipality.first_contact_days,
                            crisis_working_days=self.municipality.crisis_working_days)
        case.approach = approach
        case.due_on = due if new else min(case.due_on, due)
        if approach == Approach.CRISIS:
            case.crisis = True
            if before != Approach.CRISIS:
                self.result.crisis_cases += 1

    def _signal(self, parsed: ParsedSignal, *, crisis: bool) -> dict:
        return dict(
            municipality_id=self.municipality.id, external_id=parsed.external_id, partner_type=parsed.partner_type,
            partner_name=parsed.partner_name, amount_euros=parsed.amount_euros, arose_on=parsed.arose_on,
            signalled_on=parsed.signalled_on, crisis=crisis, end_of_supply=parsed.end_of_supply,
            warm_handover=parsed.warm_handover, imported_at=self.now, bsn=parsed.bsn, name=parsed.name,
            street=parsed.street, postcode=parsed.postcode, huisnummer=parsed.huisnummer,
            toevoeging=parsed.toevoeging, city=parsed.city,
            birth_date=parsed.birth_date.isoformat() if parsed.birth_date else None, phone=parsed.phone,
            email=parsed.email)


def import_signals(session: Session, municipality: Municipality, binary: IO[bytes], *,
                   today: date | None = None) -> ImportResult:
    """Check the whole file, then store it in one transaction. Raises SignalFileRejected (nothing stored)."""
    today = today or local_date(datetime.now(UTC))
    kind = kind_of(binary)
    checked = check_file(binary, today, kind=kind)
    if not checked.ok:
        raise SignalFileRejected(checked)
    importer = _Importer(session, municipality, today)
    with transaction(session):
        if session.get_bind().dialect.name == "postgresql":
            # psycopg prepares a statement after five runs, and PostgreSQL may then keep a generic plan made while
            # the tables were empty (a sequential scan), for a table that grows by 50 000 rows in this transaction:
            # plan every batch's look-ups for the table as it is (docs/performance.md, the signal import).
            session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        batch: list[ParsedSignal] = []
        for item in read_signals(binary, today, kind=kind):
            if isinstance(item, Problem):  # the first pass saw none; a file changed in between is refused
                raise SignalFileRejected(FileCheck(0, [item]))
            batch.append(item)
            if len(batch) >= BATCH:
                importer.store_batch(batch)
                batch = []
        if batch:
            importer.store_batch(batch)
    return importer.result


def problem_text(problem: Problem) -> str:
    """One problem as a coordinator reads it: where, which field, what to do."""
    from flask_babel import gettext

    message = gettext(problem.msgid, **problem.params)
    if problem.where.isdigit():
        if problem.field:
            return gettext("Regel %(line)s, kolom %(field)s: %(message)s", line=problem.where, field=problem.field,
                           message=message)
        return gettext("Regel %(line)s: %(message)s", line=problem.where, message=message)
    if problem.where:
        if problem.field:
            return gettext("%(path)s, veld %(field)s: %(message)s", path=problem.where, field=problem.field,
                           message=message)
        return gettext("%(path)s: %(message)s", path=problem.where, message=message)
    return message


def import_upload(session: Session, member, binary: IO[bytes]) -> ImportResult:
    """A coordinator's upload: imported for the member's municipality and audit-logged with the counts and the file's
    SHA-256, never its name or content (the file itself is not kept). Raises SignalFileRejected, also logged."""
    from portal.services import audit

    digest = file_digest(binary)
    try:
        result = import_signals(session, member.municipality, binary)
    except SignalFileRejected as exc:
        audit.record(session, member, "signals_import_refused",
                     detail=f"sha256 {digest}; problems: {len(exc.check.problems) + exc.check.more_problems}")
        raise
    counts = "; ".join(f"{key}: {value}" for key, value in result.summary().items())
    audit.record(session, member, "signals_imported", detail=f"sha256 {digest}; {counts}")
    return result
