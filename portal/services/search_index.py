"""The search index of the cases: written with the case, searched by digest, rebuilt under a new key.

Writing: a session hook (`listen`, set up by create_app) writes a case's index rows in the same flush, and so the same
transaction, that inserts the case or changes its phone number, name or municipality, wherever in the code that
happens. The rows are replaced after the case's own UPDATE, so that row's lock orders this against a rebuild running
at the same moment (see `rebuild`).
Searching never decrypts a case: the query's terms are turned into digests under every key and compared in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import event, false, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from portal import blind_index, encryption
from portal.db import transaction
from portal.models import Aanmelding, SearchToken
from portal.rules.deadlines import local_date
from portal.rules.duplicates import WINDOW_DAYS, Submission, is_possible_duplicate
from portal.rules.search_terms import Search, SearchKind, name_words, phone_term

MAX_ATTEMPTS = 5
BATCH = 500
_INDEXED = ("phone", "call_name", "municipality_id")


def terms(phone: str | None, call_name: str | None) -> list[tuple[str, str]]:
    """(kind, term) pairs of one case."""
    found = [(SearchKind.PHONE.value, term) for term in [phone_term(phone)] if term]
    return found + [(SearchKind.NAME.value, word) for word in name_words(call_name or "")]


def rows_for(aanmelding_id: int, municipality_id: int, phone: str | None, call_name: str | None) -> list[dict]:
    """The index rows of one case under the first key, ready for an INSERT."""
    rows = []
    for kind, term in terms(phone, call_name):
        kid, digest = blind_index.digest(municipality_id, kind, term)
        rows.append({"aanmelding_id": aanmelding_id, "municipality_id": municipality_id, "kind": kind,
                     "key_id": kid, "digest": digest})
    return rows


def _replace(connection, aanmelding: Aanmelding, *, existing: bool) -> None:
    if existing:
        connection.execute(sa.delete(SearchToken).where(SearchToken.aanmelding_id == aanmelding.id))
    rows = rows_for(aanmelding.id, aanmelding.municipality_id, aanmelding.phone, aanmelding.call_name)
    if rows:
        connection.execute(sa.insert(SearchToken), rows)


def _after_flush(session: Session, _context) -> None:
    for obj in session.new:
        if isinstance(obj, Aanmelding):
            _replace(session.connection(), obj, existing=False)
    for obj in session.dirty:
        if isinstance(obj, Aanmelding) and any(inspect(obj).attrs[name].history.has_changes() for name in _INDEXED):
            _replace(session.connection(), obj, existing=True)


def listen(factory: sessionmaker) -> None:
    event.listen(factory, "after_flush", _after_flush)


# Searching


def _digests(municipality_id: int, kind: SearchKind, terms: tuple[str, ...]) -> list[str]:
    return [digest for term in terms for digest in blind_index.digests(municipality_id, kind.value, term)]


def matches(municipality_id: int, search: Search):
    """A WHERE clause for Aanmelding: the reference, the phone number, or every name word (any order).

    One set of case ids (a UNION), never an OR of subqueries, which PostgreSQL answers by reading every case. The
    digest alone is looked up: municipality and kind are inside it (blind_index.py), so only the index (digest,
    aanmelding_id) is read; the caller still keeps the cases to the staff member's own municipality. A case has one
    row per distinct word, so "every word" is "as many rows as words" among the words' digests (under any key).
    """
    ids = []
    if search.reference:
        ids.append(select(Aanmelding.id).where(Aanmelding.reference == search.reference))
    if search.phone:
        ids.append(select(SearchToken.aanmelding_id).where(
            SearchToken.digest.in_(_digests(municipality_id, SearchKind.PHONE, (search.phone,)))))
    if search.words:
        words = (select(SearchToken.aanmelding_id)
                 .where(SearchToken.digest.in_(_digests(municipality_id, SearchKind.NAME, search.words))))
        if len(search.words) > 1:
            words = words.group_by(SearchToken.aanmelding_id).having(sa.func.count() == len(search.words))
        ids.append(words)
    if not ids:
        return false()
    return Aanmelding.id.in_(ids[0] if len(ids) == 1 else sa.union_all(*ids))


# Possible duplicates


@dataclass(frozen=True)
class Duplicate:
    id: int
    reference: str
    submitted_at: datetime


def possible_duplicates(session: Session, cases: list[Aanmelding]) -> dict[int, list[Duplicate]]:
    """For each given case with a phone number: the other cases of its municipality with the same number, signed
    up within rules/duplicates.WINDOW_DAYS. One query for the whole list (a page of the queue)."""
    mine: dict[int, Submission] = {}
    for case in cases:
        term = phone_term(case.phone)
        if term:
            keys = frozenset(blind_index.digests(case.municipality_id, SearchKind.PHONE.value, term))
            mine[case.id] = Submission(case.municipality_id, keys, local_date(case.submitted_at))
    if not mine:
        return {}
    margin = timedelta(days=WINDOW_DAYS + 2)
    moments = [case.submitted_at for case in cases if case.id in mine]
    stmt = (select(SearchToken.digest, Aanmelding.id, Aanmelding.reference, Aanmelding.submitted_at,
                   Aanmelding.municipality_id)
            .join(Aanmelding, Aanmelding.id == SearchToken.aanmelding_id)
            .where(SearchToken.kind == SearchKind.PHONE.value,
                   SearchToken.digest.in_(set().union(*(s.phone_keys for s in mine.values()))),
                   Aanmelding.submitted_at.between(min(moments) - margin, max(moments) + margin)))
    others: dict[int, tuple[Submission, Duplicate]] = {}
    for digest, other_id, reference, submitted_at, municipality_id in session.execute(stmt):
        submission = Submission(municipality_id, frozenset({digest}), local_date(submitted_at))
        if other_id in others:
            known = others[other_id][0]
            submission = Submission(municipality_id, known.phone_keys | {digest}, known.on)
        others[other_id] = (submission, Duplicate(other_id, reference, submitted_at))
    found: dict[int, list[Duplicate]] = defaultdict(list)
    for case_id, submission in mine.items():
        for other_id, (other, duplicate) in sorted(others.items(), key=lambda item: item[1][1].submitted_at):
            if other_id != case_id and is_possible_duplicate(submission, other):
                found[case_id].append(duplicate)
    return dict(found)


# Rebuilding (a new key, or cases from before the index)


_CASES = sa.table("aanmelding", sa.column("id"), sa.column("municipality_id"), sa.column("phone", sa.Text()),
                  sa.column("call_name", sa.Text()))
_PHONE, _NAME = encryption.column_context("aanmelding", "phone"), encryption.column_context("aanmelding", "call_name")


def rebuild(session: Session) -> int:
    """Every case's index rows again under the first key of BLIND_INDEX_KEYS, from its decrypted phone number and
    name; returns how many cases were rewritten (a case already indexed so is left alone, so it can be run again).

    Safe while the portal runs: each case is rewritten only while it still holds the phone number and name that were
    read (compare and swap on the stored tokens, which also locks the case's row until the rewrite commits), so a
    change made in between is never reverted; such a case is read again.
    """
    rewritten, last_id = 0, 0
    while True:
        batch = session.execute(select(_CASES).where(_CASES.c.id > last_id).order_by(_CASES.c.id).limit(BATCH)).all()
        session.rollback()  # end the read, so each case below is its own short transaction
        if not batch:
            return rewritten
        stored = _stored_rows([row.id for row in batch], session)
        for row in batch:
            for _attempt in range(MAX_ATTEMPTS):
                wanted = _wanted(row)
                if wanted == stored.get(row.id, set()):
                    break
                if _swap(session, row, wanted):
                    rewritten += 1
                    break
                row = session.execute(select(_CASES).where(_CASES.c.id == row.id)).first()
                session.rollback()
                if row is None:  # deleted in between
                    break
                stored = {**stored, row.id: _stored_rows([row.id], session).get(row.id, set())}
            else:
                raise RuntimeError(f"case {row.id} kept changing; run the rebuild again")
        last_id = batch[-1].id


def _stored_rows(ids: list[int], session: Session) -> dict[int, set[tuple]]:
    stored: dict[int, set[tuple]] = defaultdict(set)
    stmt = select(SearchToken.aanmelding_id, SearchToken.municipality_id, SearchToken.kind, SearchToken.key_id,
                  SearchToken.digest).where(SearchToken.aanmelding_id.in_(ids))
    for aanmelding_id, *rest in session.execute(stmt):
        stored[aanmelding_id].add(tuple(rest))
    session.rollback()
    return stored


def _wanted(row) -> set[tuple]:
    phone = encryption.decrypt(row.phone, _PHONE) if row.phone is not None else None
    name = encryption.decrypt(row.call_name, _NAME) if row.call_name is not None else None
    return {(r["municipality_id"], r["kind"], r["key_id"], r["digest"])
            for r in rows_for(row.id, row.municipality_id, phone, name)}


def _swap(session: Session, row, wanted: set[tuple]) -> bool:
    unchanged = [column.is_(None) if value is None else column == value
                 for column, value in ((_CASES.c.phone, row.phone), (_CASES.c.call_name, row.call_name),
                                       (_CASES.c.municipality_id, row.municipality_id))]
    with transaction(session):
        # A no-op UPDATE as the compare: it matches only an unchanged case, and holds its row until the commit.
        locked = session.execute(sa.update(_CASES).where(_CASES.c.id == row.id, *unchanged)
                                 .values(municipality_id=_CASES.c.municipality_id)).rowcount == 1
        if not locked:
            return False
        session.execute(sa.delete(SearchToken).where(SearchToken.aanmelding_id == row.id))
        if wanted:
            session.execute(sa.insert(SearchToken), [
                {"aanmelding_id": row.id, "municipality_id": municipality_id, "kind": kind, "key_id": kid,
                 "digest": digest} for municipality_id, kind, kid, digest in wanted])
    return True
