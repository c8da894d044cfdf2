"""Personal fields are encrypted at rest: what a stolen dump shows, key rotation, and the upgrade of existing rows."""

import base64
import importlib.util
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.command import downgrade

from portal import encryption
from portal.config import ConfigError
from portal.db import Base, UTCDateTime, utcnow
from portal.migrate import alembic_config, upgrade
from portal.models import Aanmelding, AanmeldingDraft, AdviceQuestion, CaseEvent, OutboxMessage, SelfTestDraft
from portal.services import advice, key_rotation, selftest
from portal.services.cases import add_note
from tests.conftest import ROOT, TEST_ENCRYPTION_KEY, make_test_app, page, raw_dump
from tests.resident.signup_helpers import fill_steps, submit
from tests.staff_fixtures import log_in

SECRETS = ("Samira", "612345678", "samira@example.org", "Dorpsstraat 12", "verhuurder dreigt", "schulden bij oom",
           "belt liever na drie")


@pytest.fixture
def restore_key_ring():
    yield
    encryption.configure([TEST_ENCRYPTION_KEY])


def test_a_stolen_dump_reveals_no_resident(client, staff, municipalities, db_session):
    contact = {"call_name": "Samira", "email": "samira@example.org", "channels": ["phone", "email"],
               "postal_address": "Dorpsstraat 12, Bleiswijk"}
    fill_steps(client, {"situatie": {"own_words": "Mijn verhuurder dreigt met ontruiming."}, "contact": contact})
    client.get("/aanmelden/controleren")
    submit(client)
    case = db_session.scalars(sa.select(Aanmelding)).one()
    add_note(db_session, staff["regisseur"], case.id, "Heeft schulden bij oom.")
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Ik belt liever na drie uur.",
               topic=None, group="none", callback_phone="+31612345678")

    dump = raw_dump(db_session)
    for secret in SECRETS:
        assert secret not in dump
    # Those who may see it still do: the coordinator's case page shows the name, phone and own words.
    log_in(client, "regisseur")
    shown = page(client.get(f"/werkplek/zaak/{case.id}")).get_text()
    assert "Samira" in shown and ("06 12345678" in shown or "+31612345678" in shown)
    assert "Mijn verhuurder dreigt met ontruiming." in shown


def test_drafts_and_sent_messages_are_encrypted_too(client, municipalities, db_session):
    fill_steps(client, {"contact": {"call_name": "Samira", "email": "samira@example.org",
                                    "channels": ["email"], "phone": ""}}, stop_before="bereikbaarheid")
    assert db_session.scalars(sa.select(AanmeldingDraft)).one().answers["contact"]["data"]["call_name"] == "Samira"
    db_session.add(OutboxMessage(channel="email", recipient="samira@example.org", body="Uw link"))
    db_session.commit()
    dump = raw_dump(db_session)
    assert "Samira" not in dump and "samira@example.org" not in dump


def test_rotation_moves_every_row_to_the_new_key(app, make_case, staff, db_session, tmp_path, restore_key_ring):
    case_id = make_case(call_name="Oude Sleutel", phone="+31612345678").id
    add_note(db_session, staff["regisseur"], case_id, "Notitie onder de oude sleutel.")
    new_key = encryption.new_key()

    both = make_test_app(app.config["DATABASE_URL"], tmp_path, DATA_ENCRYPTION_KEYS=f"{new_key},{TEST_ENCRYPTION_KEY}")
    result = both.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    assert "aanmelding: 1 rows re-encrypted." in result.output and "Oude Sleutel" not in result.output

    encryption.configure([new_key])  # the old key is gone now
    with both.extensions["db_sessionmaker"]() as session:
        assert session.get(Aanmelding, case_id).call_name == "Oude Sleutel"
        assert session.scalars(sa.select(CaseEvent.text)).one() == "Notitie onder de oude sleutel."
    encryption.configure([TEST_ENCRYPTION_KEY])
    with both.extensions["db_sessionmaker"]() as session, pytest.raises(encryption.EncryptionKeyError):
        session.get(Aanmelding, case_id).call_name  # noqa: B018  (reading is what fails)
    both.extensions["db_engine"].dispose()


def test_production_without_encryption_key_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS")
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS is not set"):
        make_test_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path, PORTAL_ENV="production", SECRET_KEY="x" * 64)


def test_a_malformed_key_is_named_at_start_up(tmp_path):
    with pytest.raises(ConfigError, match="Key 2 in DATA_ENCRYPTION_KEYS is not a Fernet key"):
        make_test_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path,
                      DATA_ENCRYPTION_KEYS=f"{TEST_ENCRYPTION_KEY},not-a-key")


def test_the_upgrade_encrypts_rows_that_were_stored_in_plain_text(migration_database_url, tmp_path):
    """On the run's own database: PostgreSQL's run takes 0008's `postgresql_using` branch with rows in the table."""
    app = make_test_app(migration_database_url, tmp_path)
    engine = app.extensions["db_engine"]
    upgrade(app, "0007")
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(sa.table("outbox_message", sa.column("channel"), sa.column("recipient"),
                                    sa.column("body"), sa.column("created_at")).insert()
                           .values(channel="sms", recipient="+31612345678", body="Uw link: /aanmelden/verder/x",
                                   created_at=now))
        connection.execute(sa.table("aanmelding_draft", sa.column("id"), sa.column("answers", sa.JSON),
                                    sa.column("context", sa.JSON), sa.column("created_at"), sa.column("updated_at"),
                                    sa.column("expires_at")).insert()
                           .values(id="d1", answers={"contact": {"data": {"call_name": "Samira"}}}, context={},
                                   created_at=now, updated_at=now, expires_at=now + timedelta(days=14)))
    upgrade(app)
    with app.extensions["db_sessionmaker"]() as session:
        assert "Samira" not in raw_dump(session) and "612345678" not in raw_dump(session)
        assert session.scalars(sa.select(OutboxMessage.recipient)).one() == "+31612345678"
        assert session.get(AanmeldingDraft, "d1").answers == {"contact": {"data": {"call_name": "Samira"}}}
        assert session.get(AanmeldingDraft, "d1").context == {}
    engine.dispose()


def test_anonymous_question_text_is_encrypted(municipalities, db_session):
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag ik de huur later betalen?",
               topic=None, group="none", callback_phone=None)
    assert "huur later" not in raw_dump(db_session)
    question = db_session.scalars(sa.select(AdviceQuestion)).one()
    assert question.messages[0].text == "Mag ik de huur later betalen?"


def test_rotation_never_reverts_a_change_made_while_it_runs(app, make_case, tmp_path, monkeypatch, restore_key_ring):
    case_id = make_case(call_name="Voor").id
    new_key = encryption.new_key()
    both = make_test_app(app.config["DATABASE_URL"], tmp_path, DATA_ENCRYPTION_KEYS=f"{new_key},{TEST_ENCRYPTION_KEY}")
    rotate, changed = encryption.rotate, []

    def rotate_while_someone_saves(token, context):
        if not changed:  # a coordinator saves the case between the rotation's read and its write
            changed.append(True)
            with both.extensions["db_sessionmaker"]() as other:
                other.get(Aanmelding, case_id).call_name = "Na"
                other.commit()
        return rotate(token, context)

    monkeypatch.setattr(encryption, "rotate", rotate_while_someone_saves)
    result = both.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    encryption.configure([new_key])
    with both.extensions["db_sessionmaker"]() as session:
        assert session.get(Aanmelding, case_id).call_name == "Na"
    both.extensions["db_engine"].dispose()


# Finding 12.5: Fernet tokens date every value to the second; the AES-GCM form carries no time at all.

def _tokens(dump: str) -> list[str]:
    return re.findall(r"g1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+|gAAAAA[A-Za-z0-9_=-]+", dump)


def _holds_a_time_near(token: str, now: int) -> bool:
    """Any 8 bytes, read as a big-endian count of seconds, within a day of now: where Fernet keeps its time."""
    body = token.rsplit(".", 1)[-1]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return any(abs(int.from_bytes(raw[i:i + 8], "big") - now) < 86400 for i in range(len(raw) - 7))


def _fill_every_encrypted_table(app, db_session, municipalities, staff, make_case):
    case_id = make_case(call_name="Samira", phone="+31612345678").id
    add_note(db_session, staff["regisseur"], case_id, "Heeft schulden bij oom.")
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag ik de huur later betalen?",
               topic=None, group="none", callback_phone="+31687654321")
    questionnaire = app.extensions["questionnaires"]["selftest"]
    token = selftest.start_draft(db_session, questionnaire)
    selftest.save_answer(db_session, questionnaire, token, "bills_behind", ["rent", "energy"])
    return case_id


def test_the_dump_holds_no_fernet_token_and_no_time_inside_a_token(app, db_session, municipalities, staff, make_case):
    """Finding 12.5: a dump gave 07:14:25 for a question dated only by the day; no stored token may hold a time."""
    _fill_every_encrypted_table(app, db_session, municipalities, staff, make_case)
    dump = raw_dump(db_session)
    assert "gAAAAA" not in dump
    tokens = _tokens(dump)
    assert len(tokens) >= 5
    now = int(time.time())
    assert [token for token in tokens if _holds_a_time_near(token, now)] == []


def test_anonymous_tables_hold_no_time_finer_than_an_hour(app, db_session, municipalities, staff, make_case):
    """Finding 12.5: the money-check draft kept its start time to the microsecond (as its expiry); anonymous rows
    may hold days, or whole hours at most, so they cannot be set beside a log line or a rate-limit entry."""
    _fill_every_encrypted_table(app, db_session, municipalities, staff, make_case)
    moments = []
    for name in ("selftest_draft", "selftest_count", "advice_question", "advice_message"):
        table = Base.metadata.tables[name]
        for row in db_session.execute(sa.select(sa.table(name, *(sa.column(c.name, c.type) for c in table.c)))):
            moments += [value for value in row if isinstance(value, datetime)]
    assert moments, "the draft's expiry is there"
    assert [m for m in moments if (m.minute, m.second, m.microsecond) != (0, 0, 0)] == []


def test_money_check_answers_are_not_readable_in_the_dump(app, db_session):
    """Finding 12.5: the money check's answers were plain JSON in selftest_draft."""
    questionnaire = app.extensions["questionnaires"]["selftest"]
    token = selftest.start_draft(db_session, questionnaire)
    selftest.save_answer(db_session, questionnaire, token, "crisis", ["eviction"])
    dump = raw_dump(db_session)
    assert "eviction" not in dump and "crisis" not in dump
    assert selftest.get_draft(db_session, token).answers == {"crisis": ["eviction"]}
    selftest.finish(db_session, questionnaire, token, municipality="lochem", source=None)
    dump = raw_dump(db_session, skip=("selftest_count",))  # the counter holds the route by design
    assert "lochem" not in dump and '"route"' not in dump


def test_a_token_from_the_database_decrypts_and_only_in_its_own_column(municipalities, db_session):
    """Finding 12.5: the stored form is g1.<key id>.<nonce+ciphertext>, bound to its column."""
    advice.ask(db_session, municipality_id=municipalities["lansingerland"].id, text="Mag ik de huur later betalen?",
               topic=None, group="none", callback_phone="+31612345678")
    stored = db_session.execute(sa.text("SELECT callback_phone FROM advice_question")).scalar_one()
    assert stored.startswith("g1.") and len(stored.split(".")[1]) == 8
    assert encryption.decrypt(stored, "advice_question.callback_phone") == "+31612345678"
    with pytest.raises(encryption.TamperedValueError):
        encryption.decrypt(stored, "advice_message.text")


def test_two_encryptions_of_the_same_text_differ():
    """Finding 12.5: a fresh random nonce each time, so equal values cannot be spotted in a dump."""
    first, second = (encryption.encrypt("0612345678", "aanmelding.phone") for _ in range(2))
    assert first != second
    assert encryption.decrypt(first, "aanmelding.phone") == encryption.decrypt(second, "aanmelding.phone")
    # Padded to whole blocks, as Fernet was: the length says no more than before.
    assert len(encryption.encrypt("Al", "t.c")) == len(encryption.encrypt("Alexandra", "t.c"))


@pytest.mark.parametrize("change", ["flip", "cut", "nonsense"])
def test_a_tampered_token_fails_loudly(change):
    """Finding 12.5: an altered value raises; it is never shown as something else or as empty."""
    token = encryption.encrypt("Dorpsstraat 12", "aanmelding.postal_address")
    head, body = token.rsplit(".", 1)
    altered = {"flip": f"{head}.{body[:10]}{'A' if body[10] != 'A' else 'B'}{body[11:]}",
               "cut": f"{head}.{body[:-4]}", "nonsense": "g1.zzzz"}[change]
    with pytest.raises(encryption.TamperedValueError, match="integrity check"):
        encryption.decrypt(altered, "aanmelding.postal_address")


def test_a_value_copied_into_another_column_is_refused(make_case, db_session):
    """Finding 12.5: someone who can write the database cannot show a TOTP secret or a phone number as a note."""
    case_id = make_case(call_name="Samira", phone="+31612345678").id
    db_session.execute(sa.update(sa.table("aanmelding", sa.column("id"), sa.column("call_name"), sa.column("phone")))
                       .values(call_name=sa.column("phone")))
    db_session.commit()
    db_session.expire_all()
    with pytest.raises(encryption.TamperedValueError):
        db_session.get(Aanmelding, case_id).call_name  # noqa: B018  (reading is what fails)


def test_rotation_turns_a_leftover_fernet_token_into_the_new_form(app, make_case, db_session):
    """Finding 12.5: `flask rotate-encryption-key` also rewrites Fernet tokens (from a later-merged migration or a
    restored backup), so no time is left behind once it ran."""
    case_id = make_case(call_name="Oud Formaat").id
    handle = sa.table("aanmelding", sa.column("id"), sa.column("call_name"))
    db_session.execute(sa.update(handle).values(call_name=encryption.legacy_encrypt("Oud Formaat")))
    db_session.commit()
    assert "gAAAAA" in raw_dump(db_session)
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert "gAAAAA" not in raw_dump(db_session)
    assert db_session.get(Aanmelding, case_id).call_name == "Oud Formaat"


def test_the_key_id_names_the_key_and_old_keys_still_decrypt(restore_key_ring):
    """Finding 12.5: the first key encrypts, every listed key decrypts, by key id; a dropped key is named as such."""
    old = encryption.encrypt("geheim", "t.c")
    new_key = encryption.new_key()
    encryption.configure([new_key, TEST_ENCRYPTION_KEY])
    new = encryption.encrypt("geheim", "t.c")
    assert old.split(".")[1] != new.split(".")[1]
    assert encryption.decrypt(old, "t.c") == encryption.decrypt(new, "t.c") == "geheim"
    assert encryption.rotate(old, "t.c").split(".")[1] == new.split(".")[1]
    encryption.configure([new_key])
    with pytest.raises(encryption.EncryptionKeyError, match="rotate-encryption-key"):
        encryption.decrypt(old, "t.c")


def _migration_0011():
    path = ROOT / "migrations" / "versions" / "0011_time_free_encryption.py"
    spec = importlib.util.spec_from_file_location("migration_0011", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_0011_knows_every_encrypted_column():
    """Finding 12.5: a column the migration leaves out would keep its Fernet tokens, and their times. A later
    migration's encrypted columns (added after 0009) belong in its own upgrade, or are caught here."""
    migration = _migration_0011()
    known = {table: set(names) for table, (_key, names) in migration.ENCRYPTED.items()}
    known["selftest_draft"] = set(migration.DRAFT_JSON)
    known["kept_form"] = {"fields"}  # made by 0014 after the time-free scheme: it never held a Fernet token
    known["overdracht"] = {"why", "return_reason"}  # made by 0018, the same
    known["afspraak"] = {"place"}  # made by 0022_appointments, the same
    known["vroegsignaal"] = {"bsn", "name", "street", "postcode", "huisnummer", "toevoeging", "city", "birth_date",
                             "phone", "email"}  # made by 0024_early_warning, the same
    known["contactpoging"] = {"note"}  # made by 0024_early_warning, the same
    known["survey_answer"] = {"remark"}  # made by 0026_aftercare_survey, the same
    assert {table: set(columns) for table, columns in key_rotation.encrypted_columns().items()} == known


def test_the_upgrade_turns_fernet_rows_and_plain_drafts_into_time_free_tokens(migration_database_url, tmp_path):
    """Finding 12.5: migration 0011 re-encrypts every Fernet value, encrypts the money-check drafts and rounds
    their expiry; its downgrade gives the code before it what it can read."""
    app = make_test_app(migration_database_url, tmp_path)
    engine = app.extensions["db_engine"]
    upgrade(app, "0009")
    now = utcnow()
    expires = datetime(2026, 12, 2, 19, 14, 25, 123456, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(sa.table("outbox_message", sa.column("channel"), sa.column("recipient"),
                                    sa.column("body"), sa.column("created_at")).insert()
                           .values(channel="sms", recipient=encryption.legacy_encrypt("+31612345678"),
                                   body=encryption.legacy_encrypt("Uw link"), created_at=now))
        connection.execute(sa.table("selftest_draft", sa.column("id_hash"), sa.column("questionnaire_version"),
                                    sa.column("answers", sa.JSON), sa.column("outcome", sa.JSON),
                                    sa.column("expires_at", UTCDateTime(timezone=True))).insert()
                           .values(id_hash="a" * 64, questionnaire_version=1, answers={"crisis": ["eviction"]},
                                   outcome=None, expires_at=expires))
    upgrade(app)
    with app.extensions["db_sessionmaker"]() as session:
        dump = raw_dump(session)
        assert "gAAAAA" not in dump and "eviction" not in dump
        assert session.scalars(sa.select(OutboxMessage.recipient)).one() == "+31612345678"
        draft = session.get(SelfTestDraft, "a" * 64)
        assert draft.answers == {"crisis": ["eviction"]} and draft.outcome is None
        assert draft.expires_at == datetime(2026, 12, 2, 20, tzinfo=UTC)
    downgrade(alembic_config(app), "0010")  # undo 0011 (and whatever follows it)
    with engine.connect() as connection:
        recipient = connection.execute(sa.text("SELECT recipient FROM outbox_message")).scalar_one()
        answers = connection.execute(sa.select(sa.table("selftest_draft", sa.column("answers", sa.JSON)))).scalar_one()
    assert recipient.startswith("gAAAAA") and encryption.decrypt(recipient, "") == "+31612345678"
    assert answers == {"crisis": ["eviction"]}
    engine.dispose()
