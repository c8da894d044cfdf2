"""Partner organisations as data with staff accounts that belong to one, and the municipality's handover deadline."""

import tomllib

import pytest
from sqlalchemy import select

from portal.cli import DEMO_DIR
from portal.models import Municipality, Overdracht, Partner, PartnerKind, StaffMember
from portal.services.municipalities import MunicipalityDataError, load_municipalities, read_municipality_file
from portal.services.staff import StaffError, create_or_update_staff
from tests.conftest import DEMO_MUNICIPALITIES
from tests.test_municipality_data import VALID, _write

PASSWORD = "correct horse battery"


@pytest.mark.parametrize("value", ["0", "21", '"five"', "true", "2.5"])
def test_handover_working_days_out_of_range_names_the_place(tmp_path, value):
    path = _write(tmp_path, VALID.replace("postcodes =", f"handover_working_days = {value}\npostcodes ="))
    with pytest.raises(MunicipalityDataError, match="municipality 'a': handover_working_days must be a whole number"):
        read_municipality_file(path)


def test_handover_working_days_default_to_five_and_are_per_municipality(tmp_path, municipalities):
    assert read_municipality_file(_write(tmp_path, VALID)).municipalities[0]["handover_working_days"] == 5
    assert municipalities["groningen"].handover_working_days == 3


def test_a_partner_named_twice_is_refused(tmp_path):
    twice = VALID + '\n  [[municipality.partner]]\n  kind = "volunteers"\n  name = "X"\n' * 2
    with pytest.raises(MunicipalityDataError, match="partner 'X' is named twice"):
        read_municipality_file(_write(tmp_path, twice))


def test_reloading_keeps_each_partner_so_its_staff_and_handovers_keep_it(db_session, staff, municipalities):
    before = {p.name: p.id for p in municipalities["lansingerland"].partners}
    load_municipalities(db_session, DEMO_MUNICIPALITIES)
    db_session.expire_all()
    after = {p.name: p.id for p in db_session.scalars(select(Partner).join(Municipality)
                                                      .where(Municipality.slug == "lansingerland"))}
    assert after == before
    assert db_session.get(StaffMember, staff["partner"].id).partner.name == "Kwadraad"


def test_a_partner_with_staff_cannot_silently_disappear_from_the_file(db_session, staff, municipalities, tmp_path):
    text = DEMO_MUNICIPALITIES.read_text(encoding="utf-8")
    gone = text.replace('  [[municipality.partner]]\n  kind = "social_work"\n  name = "Kwadraad"\n', "")
    assert gone != text
    with pytest.raises(MunicipalityDataError, match="partner 'Kwadraad' is no longer in the file"):
        load_municipalities(db_session, _write(tmp_path, gone))
    db_session.rollback()
    assert db_session.get(StaffMember, staff["partner"].id).partner.name == "Kwadraad"


def test_a_staff_account_belongs_to_a_partner_of_its_own_municipality(db_session, municipalities):
    member = create_or_update_staff(db_session, email="w@l.test", name="W", role="caseworker",
                                    municipality_slug="lansingerland", password=PASSWORD, partner_name="Kwadraad")
    assert member.partner.name == "Kwadraad"
    with pytest.raises(StaffError, match="Lansingerland has no partner 'WIJ Groningen'"):
        create_or_update_staff(db_session, email="x@l.test", name="X", role="caseworker",
                               municipality_slug="lansingerland", password=PASSWORD, partner_name="WIJ Groningen")
    with pytest.raises(StaffError, match="Only a caseworker"):
        create_or_update_staff(db_session, email="yvonne@l.test", name="Y", role="ketenregisseur",
                               municipality_slug="lansingerland", password=PASSWORD, partner_name="Kwadraad")
    again = create_or_update_staff(db_session, email="w@l.test", name="W", role="caseworker",
                                   municipality_slug="lansingerland", password=PASSWORD)
    assert again.partner is None, "an update without a partner makes it the municipality's own account again"


def test_create_staff_takes_a_partner_by_name(app, db_session, municipalities):
    result = app.test_cli_runner().invoke(args=[
        "create-staff", "--email", "maatje@lansingerland.test", "--name", "Maatje", "--role", "caseworker",
        "--municipality", "lansingerland", "--partner", "SchuldHulpMaatje"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    member = db_session.scalars(select(StaffMember).where(StaffMember.email == "maatje@lansingerland.test")).one()
    assert member.partner.name == "SchuldHulpMaatje"
    wrong = app.test_cli_runner().invoke(args=[
        "create-staff", "--email", "x@lansingerland.test", "--name", "X", "--role", "caseworker",
        "--municipality", "lansingerland", "--partner", "Eurocoaches"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert wrong.exit_code != 0 and "has no partner 'Eurocoaches'" in wrong.output


def test_demo_staff_has_one_partner_caseworker_per_partner_kind():
    demo = tomllib.loads((DEMO_DIR / "staff.toml").read_text(encoding="utf-8"))["staff"]
    municipalities = tomllib.loads(DEMO_MUNICIPALITIES.read_text(encoding="utf-8"))["municipality"]
    partners = {(m["slug"], p["name"]): p["kind"] for m in municipalities for p in m.get("partner", [])}
    kinds = [partners[(member["municipality"], member["partner"])] for member in demo if member.get("partner")]
    assert sorted(kinds) == sorted(kind.value for kind in PartnerKind)
    assert all(member["role"] == "caseworker" for member in demo if member.get("partner"))


def test_demo_data_holds_a_case_handed_over_to_kwadraad(app, db_session):
    app.config["PORTAL_ENV"] = "development"
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "kwadraad@lansingerland.demo" in result.output and "Kwadraad" in result.output
    handover = db_session.scalars(select(Overdracht)).one()
    assert handover.partner.name == "Kwadraad" and handover.aanmelding.status == "handed_over"
    assert handover.field_groups, "the demo resident agreed to share"
