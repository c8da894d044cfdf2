"""The blind index as stored: keyed, scoped, written with the case, rebuilt under a new key while the portal runs."""

import hashlib
from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from portal import blind_index
from portal.config import ConfigError
from portal.db import utcnow
from portal.migrate import upgrade
from portal.models import Aanmelding, Municipality, SearchToken, StaffRole
from portal.services import cases, search_index
from tests.conftest import TEST_BLIND_INDEX_KEY, TEST_ENCRYPTION_KEY, make_test_app, raw_dump

PHONE = "+31612345678"


@pytest.fixture
def restore_index_keys():
    yield
    blind_index.configure([TEST_BLIND_INDEX_KEY])


def _tokens(session, case_id=None):
    stmt = sa.select(SearchToken)
    if case_id is not None:
        stmt = stmt.where(SearchToken.aanmelding_id == case_id)
    return list(session.scalars(stmt))


def _find(session, member, text):
    return [case.id for case in cases.queue(session, member, cases.QueueFilter(search=text, status="all")).cases]


def test_the_index_holds_no_phone_number_no_name_and_no_plain_hash(make_case, db_session):
    make_case(call_name="Fatima El Amrani", phone=PHONE)
    dump = raw_dump(db_session)
    digests = {token.digest for token in _tokens(db_session)}
    assert len(digests) == 4  # the number and three words
    for plain in (PHONE, "fatima", "amrani"):
        assert plain not in dump.lower()
        assert hashlib.sha256(plain.encode()).hexdigest() not in digests
        assert hashlib.sha256(plain.encode()).hexdigest() not in dump


def test_the_same_number_and_name_give_other_digests_in_another_municipality(make_case, db_session):
    here = make_case(call_name="Fatima", phone=PHONE)
    there = make_case("groningen", call_name="Fatima", phone=PHONE)
    assert {t.digest for t in _tokens(db_session, here.id)}.isdisjoint({t.digest for t in _tokens(db_session,
                                                                                                   there.id)})


def test_a_name_equal_to_a_number_is_not_that_number(make_case, db_session):
    # A kind is part of the digest: a name word never matches a phone entry.
    assert blind_index.digest(1, "phone", "x")[1] != blind_index.digest(1, "name", "x")[1]


def test_the_index_is_written_in_the_case_transaction_and_follows_a_change(make_case, db_session, staff):
    case = make_case(call_name="Noor", phone=PHONE)
    assert _find(db_session, staff["regisseur"], "Noor") == [case.id]
    case.phone, case.call_name = "+31687654321", "Noor Bakker"
    db_session.commit()
    assert _find(db_session, staff["regisseur"], PHONE) == []
    assert _find(db_session, staff["regisseur"], "06 87654321") == [case.id]
    assert _find(db_session, staff["regisseur"], "Bakker") == [case.id]
    case.call_name = "Rolled Back"
    db_session.flush()
    db_session.rollback()
    assert _find(db_session, staff["regisseur"], "Rolled") == [], "no index row outlives its rolled-back change"
    assert _find(db_session, staff["regisseur"], "Bakker") == [case.id]


def test_deleting_a_case_deletes_its_index(make_case, db_session):
    case = make_case(call_name="Noor", phone=PHONE)
    db_session.delete(case)
    db_session.commit()
    assert _tokens(db_session) == []


def test_rotation_rewrites_the_index_under_the_new_key_and_finds_all_the_while(app, make_case, db_session, staff,
                                                                                 tmp_path, restore_index_keys):
    first, second = make_case(call_name="Fatima", phone=PHONE), make_case(call_name="Fatima Amrani")
    old_id = blind_index.current_key_id()
    new_key = blind_index.new_key()
    both = make_test_app(app.config["DATABASE_URL"], tmp_path, BLIND_INDEX_KEYS=f"{new_key},{TEST_BLIND_INDEX_KEY}")
    third = make_case(call_name="Fatima")  # written under the new key; the others still under the old one
    assert {t.key_id for t in _tokens(db_session, third.id)} == {blind_index.current_key_id()} != {old_id}
    assert sorted(_find(db_session, staff["regisseur"], "Fatima")) == [first.id, second.id, third.id]

    result = both.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    assert "Search index: 2 cases indexed again" in result.output
    blind_index.configure([new_key])  # the old key is gone
    assert {t.key_id for t in _tokens(db_session)} == {blind_index.current_key_id()}
    assert sorted(_find(db_session, staff["regisseur"], "Fatima")) == [first.id, second.id, third.id]
    assert _find(db_session, staff["regisseur"], "06 12345678") == [first.id]
    again = both.test_cli_runner().invoke(args=["rebuild-search-index"])
    assert "Search index: 0 cases indexed again" in again.output, "a finished rebuild leaves every case alone"
    both.extensions["db_engine"].dispose()


def test_a_rebuild_never_reverts_a_change_made_while_it_runs(app, make_case, db_session, staff, tmp_path,
                                                              monkeypatch, restore_index_keys):
    case_id = make_case(call_name="Voor").id
    both = make_test_app(app.config["DATABASE_URL"], tmp_path,
                         BLIND_INDEX_KEYS=f"{blind_index.new_key()},{TEST_BLIND_INDEX_KEY}")
    wanted, changed = search_index._wanted, []

    def read_while_someone_saves(row):
        if not changed:  # a coordinator changes the name between the rebuild's read and its write
            changed.append(True)
            with both.extensions["db_sessionmaker"]() as other:
                other.get(Aanmelding, case_id).call_name = "Na"
                other.commit()
        return wanted(row)

    monkeypatch.setattr(search_index, "_wanted", read_while_someone_saves)
    with both.extensions["db_sessionmaker"]() as session:
        search_index.rebuild(session)
    db_session.expire_all()
    assert _find(db_session, staff["regisseur"], "Na") == [case_id]
    assert _find(db_session, staff["regisseur"], "Voor") == []
    both.extensions["db_engine"].dispose()


def test_the_upgrade_indexes_the_cases_already_there(migration_database_url, tmp_path):
    app = make_test_app(migration_database_url, tmp_path)
    upgrade(app, "0019")
    with app.extensions["db_sessionmaker"]() as session:
        # The municipality as 0019 knew it (Core: the model of today has columns that later revisions add).
        m = Municipality.__table__.c
        municipality_id = session.execute(sa.insert(Municipality.__table__).values({
            m.slug: "lansingerland", m.name: "Lansingerland", m.phone: "14 010", m.website: "https://example.nl",
            m.opening_hours: [[0, "08:30", "17:00"]], m.first_contact_days: 14, m.crisis_working_days: 3,
        })).inserted_primary_key[0]
        # A case stored before the index, as 0019 knew it (Core, so no index row is written on the way).
        columns = Aanmelding.__table__.c
        session.execute(sa.insert(Aanmelding.__table__).values({
            columns.reference: "KP7-3XA", columns.submission_key: "old", columns.municipality_id: municipality_id,
            columns.status: "new", columns.submitted_at: utcnow(), columns.topics: [], columns.group: "none",
            columns.crisis: False, columns.crisis_kinds: [], columns.children: "no", columns.channels: ["phone"],
            columns.call_name: "Fatima El Amrani", columns.phone: PHONE, columns.best_times: [],
            columns.voicemail_ok: False, columns.may_say_municipality: False, columns.language: "nl",
            columns.interpreter: False, columns.filled_in: "online", columns.consent_version: 1,
            columns.first_contact_due: date.today(), columns.legal_deadline: date.today()}))
        session.commit()
    upgrade(app)
    with app.extensions["db_sessionmaker"]() as session:
        case_id = session.scalar(sa.select(Aanmelding.id))
        assert sorted(token.kind for token in _tokens(session, case_id)) == ["name", "name", "name", "phone"]
        coordinator = SimpleNamespace(id=0, municipality_id=municipality_id, role=StaffRole.KETENREGISSEUR)
        assert _find(session, coordinator, "Amrani") == [case_id]
    app.extensions["db_engine"].dispose()


def test_production_needs_its_own_index_keys(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    monkeypatch.delenv("BLIND_INDEX_KEYS")
    with pytest.raises(ConfigError, match="BLIND_INDEX_KEYS is not set"):
        make_test_app(url, tmp_path, PORTAL_ENV="production", SECRET_KEY="x" * 64)
    with pytest.raises(ConfigError, match="keys of its own"):
        make_test_app(url, tmp_path, BLIND_INDEX_KEYS=TEST_ENCRYPTION_KEY)
    with pytest.raises(ConfigError, match="Key 1 in BLIND_INDEX_KEYS"):
        make_test_app(url, tmp_path, BLIND_INDEX_KEYS="short")
