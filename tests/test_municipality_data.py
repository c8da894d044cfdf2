import pytest
from sqlalchemy import select

from portal.services.municipalities import MunicipalityDataError, find_by_postcode, read_municipality_file
from tests.conftest import DEMO_MUNICIPALITIES


def test_demo_data_has_the_three_municipalities_with_their_partners(municipalities):
    assert set(municipalities) == {"lansingerland", "groningen", "lochem"}
    names = {p.name for p in municipalities["lochem"].partners}
    assert "Stadsbank Oost Nederland" in names


def test_loading_twice_updates_instead_of_doubling(db_session, municipalities):
    from portal.services.municipalities import all_municipalities, load_municipalities

    load_municipalities(db_session, DEMO_MUNICIPALITIES)
    assert len(all_municipalities(db_session)) == 3
    assert find_by_postcode(db_session, "2652").slug == "lansingerland"


def test_range_edges_belong_to_the_municipality(db_session, municipalities):
    assert find_by_postcode(db_session, "9711").slug == "groningen"
    assert find_by_postcode(db_session, "9747").slug == "groningen"
    assert find_by_postcode(db_session, "9748") is None


def _write(tmp_path, body):
    path = tmp_path / "m.toml"
    path.write_text(body)
    return path


VALID = """
[[municipality]]
slug = "a"
name = "A"
phone = "14 000"
website = "https://a.example"
opening_hours = [{ days = ["monday", "tuesday"], opens = "09:00", closes = "17:00" }]
first_contact_days = 14
crisis_working_days = 3
postcodes = ["1000-1001"]
"""


@pytest.mark.parametrize(
    "change,message",
    [
        (("first_contact_days = 14", "first_contact_days = 40"), "first_contact_days must be 1..28"),
        (("crisis_working_days = 3", "crisis_working_days = 5"), "crisis_working_days must be 1..3"),
        (('postcodes = ["1000-1001"]', 'postcodes = ["1001-1000"]'), "outside 1000-9999"),
        (('opens = "09:00"', 'opens = "nine"'), "opening_hours #1: 'nine' is not a time"),
        (('opens = "09:00"', 'opens = "18:00"'), "opens at 18:00 but closes at 17:00"),
        (('"tuesday"]', '"dinsdag"]'), "'dinsdag' is not a day"),
        (('"tuesday"]', '"monday"]'), "'monday' is given twice"),
        (('opening_hours = [{', 'opening_hours = [] #'), "needs at least one period"),
        (('name = "A"', "name = 3"), "'name' must be a str"),
        (('postcodes =', 'quick_exit_url = "http://nos.nl/"\npostcodes ='), "quick_exit_url must start with https"),
        (('postcodes =', 'quick_exit_url = "https://bit.ly/x"\npostcodes ='), "quick_exit_url 'bit.ly' counts"),
        (('postcodes =', 'postal_address = "Postbus 1"\npostcodes ='), "postal_address: must be like"),
        (('postcodes =', 'postal_address = { street = "Postbus 1", postcode = "2650", city = "B" }\npostcodes ='),
         "postal_address: postcode '2650' is not like 2650 AA"),
        (('postcodes =', 'postal_address = { street = "", postcode = "2650 AA", city = "B" }\npostcodes ='),
         "postal_address: 'street' must be 1..60 characters"),
        (('postcodes =', 'postal_address = { street = "Postbus 1", postcode = "2650 AA" }\npostcodes ='),
         "postal_address: 'city' must be a str"),
        (('postcodes =', 'postal_address = { street = "Postbus 1", postcode = "2650 AA", city = "B", land = "NL" }'
                         '\npostcodes ='), "postal_address: unknown field 'land'"),
    ],
)
def test_a_broken_municipality_file_names_the_file_and_place(tmp_path, change, message):
    path = _write(tmp_path, VALID.replace(*change))
    with pytest.raises(MunicipalityDataError, match=message) as info:
        read_municipality_file(path)
    assert str(path) in str(info.value) and "'a'" in str(info.value)


def test_early_warning_settings_and_inhabitants_are_stored_and_read_with_defaults(municipalities):
    from portal.rules.early_warning_settings import EarlyWarningSettings

    lansingerland, lochem = municipalities["lansingerland"], municipalities["lochem"]
    assert (lansingerland.inhabitants, municipalities["groningen"].inhabitants, lochem.inhabitants) == \
        (63000, 240000, 34000)
    settings = EarlyWarningSettings.from_stored(lochem.early_warning)
    assert (settings.threshold_euros, settings.matching_days, settings.energy_end_of_supply_is_crisis) == (75, 60, True)
    assert settings.partner_types == ("Huur", "Energie", "Water", "Zorg")


@pytest.mark.parametrize("value", ["[3, 1]", "[1, 1, 3]", "[0, 3]", "[1, 25]", "[1, 2, 3, 4, 5, 6, 7]", "[1.5, 3]",
                                   "[]", "6", '["1"]', "[true]"])
def test_broken_aftercare_months_are_refused_naming_the_file_and_place(tmp_path, value):
    path = _write(tmp_path, VALID.replace("postcodes =", f"aftercare_months = {value}\npostcodes ="))
    with pytest.raises(MunicipalityDataError, match="municipality 'a': 'aftercare_months' must be 1..6 whole months"
                                                    ", each 1..24 and later than the one before") as info:
        read_municipality_file(path)
    assert str(path) in str(info.value)


def test_aftercare_months_are_stored_with_the_default_when_not_given(municipalities, tmp_path):
    assert municipalities["groningen"].aftercare_months == [1, 3, 6, 12]
    assert municipalities["lansingerland"].aftercare_months == [1, 3, 6]
    [entry] = read_municipality_file(_write(tmp_path, VALID)).municipalities
    assert entry["aftercare_months"] == [1, 3, 6]


def test_a_file_without_early_warning_settings_gets_the_defaults(tmp_path):
    [entry] = read_municipality_file(_write(tmp_path, VALID)).municipalities
    assert entry["early_warning"] == {} and entry["inhabitants"] is None


def test_a_retention_term_longer_than_the_law_allows_is_refused_naming_the_field(tmp_path):
    shorter = VALID + "  [municipality.early_warning]\n  retention_months = 6\n"
    [entry] = read_municipality_file(_write(tmp_path, shorter)).municipalities
    assert entry["early_warning"] == {"retention_months": 6}
    with pytest.raises(MunicipalityDataError, match="municipality 'a', early_warning: 'retention_months' must be"):
        read_municipality_file(_write(tmp_path, VALID + "  [municipality.early_warning]\n  retention_months = 13\n"))


def test_overlapping_postcode_ranges_are_refused(tmp_path):
    other = VALID.replace('slug = "a"', 'slug = "b"').replace('"1000-1001"', '"1001-1002"')
    with pytest.raises(MunicipalityDataError, match="overlaps"):
        read_municipality_file(_write(tmp_path, VALID + other))


def test_a_postal_address_is_stored_as_postnl_writes_it(tmp_path):
    body = VALID.replace("postcodes =", 'postal_address = { street = "Postbus 12", postcode = "2650aa", '
                                        'city = "Bergschenhoek" }\npostcodes =')
    [entry] = read_municipality_file(_write(tmp_path, body)).municipalities
    assert entry["postal_address"] == {"street": "Postbus 12", "postcode": "2650 AA", "city": "Bergschenhoek"}
    [without] = read_municipality_file(_write(tmp_path, VALID)).municipalities
    assert without["postal_address"] is None


def test_the_demo_municipalities_have_a_postal_address_for_their_letters(municipalities):
    assert municipalities["lansingerland"].postal_lines() == ["Postbus 4801", "2650 DX  BERGSCHENHOEK"]
    assert all(m.postal_address for m in municipalities.values())


def test_demo_file_is_valid():
    data = read_municipality_file(DEMO_MUNICIPALITIES)
    assert len(data.municipalities) == 3
    assert [link["code"] for link in data.national_referrals] == ["bank-landelijk"]


def test_every_demo_municipality_has_its_own_bank_app_link():
    data = read_municipality_file(DEMO_MUNICIPALITIES)
    bank_links = {m["slug"]: [r["code"] for r in m["referrals"] if r["channel"] == "bank_app"]
                  for m in data.municipalities}
    assert bank_links == {"lansingerland": ["lansingerland-bank"], "groningen": ["groningen-bank"],
                          "lochem": ["lochem-bank"]}


def test_a_referral_code_used_twice_in_one_file_is_refused(tmp_path):
    link = '\n[[municipality.referral]]\ncode = "a-bank"\npartner = "Bank"\nchannel = "bank_app"\n'
    national = '\n[[national.referral]]\ncode = "a-bank"\npartner = "Bank"\nchannel = "bank_app"\n'
    with pytest.raises(MunicipalityDataError, match="'a-bank' is used twice") as info:
        read_municipality_file(_write(tmp_path, VALID + link + national))
    assert "m.toml" in str(info.value)


def test_a_national_link_with_an_unknown_channel_names_its_place(tmp_path):
    national = '\n[[national.referral]]\ncode = "x"\npartner = "Bank"\nchannel = "fax"\n'
    with pytest.raises(MunicipalityDataError, match="national, referral #1: unknown channel 'fax'"):
        read_municipality_file(_write(tmp_path, VALID + national))


def test_opening_hours_are_stored_per_weekday(db_session, municipalities):
    from datetime import time

    assert municipalities["lochem"].hours_per_day() == {
        **{day: (time(9), time(16, 30)) for day in range(4)}, 4: (time(9), time(12, 30))}


def test_national_links_are_loaded_without_a_municipality_and_updated_in_place(db_session, municipalities, tmp_path):
    from portal.services.municipalities import load_municipalities
    from portal.services.referrals import find_link

    link = find_link(db_session, "bank-landelijk")
    assert link.municipality is None and link.channel == "bank_app"
    changed = DEMO_MUNICIPALITIES.read_text().replace('partner = "Bank (app, rood staan), landelijk"',
                                                      'partner = "Landelijke bank"')
    load_municipalities(db_session, _write(tmp_path, changed))
    assert find_link(db_session, "bank-landelijk").id == link.id
    assert find_link(db_session, "bank-landelijk").partner == "Landelijke bank"


def test_demo_data_command_fills_the_workspace_once(app, monkeypatch):
    app.config["PORTAL_ENV"] = "development"
    first = app.test_cli_runner().invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "Demo cases added: 10" in first.output and "regisseur@lansingerland.demo" in first.output
    again = app.test_cli_runner().invoke(args=["demo-data"])
    assert "Demo cases added: 0" in again.output
    # The demo signal files fill the early-warning queue once; a second run finds them all known.
    assert "Demo early-warning signals, Lansingerland: 60 nieuw, 0 al bekend" in first.output
    assert "Demo early-warning signals, Groningen: 0 nieuw, 120 al bekend" in again.output
    # Three closed cases in after-care: one with a call request, one with a new signal, one past due.
    from portal.db import get_session
    from portal.models.aftercare import Nazorgtraject

    with app.app_context():
        trajects = list(get_session().scalars(select(Nazorgtraject)))
        assert len(trajects) == 3 and all(t.state == "active" for t in trajects)
        assert sum(t.call_requested_at is not None for t in trajects) == 1
        assert sum(t.signal_at is not None for t in trajects) == 1


def test_demo_data_is_refused_in_production(app):
    app.config["PORTAL_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code != 0 and "refused in production" in result.output


def test_quick_exit_page_is_the_municipalitys_choice_or_none(tmp_path, municipalities):
    chosen = VALID.replace("postcodes =", 'quick_exit_url = "https://nos.nl/"\npostcodes =')
    assert read_municipality_file(_write(tmp_path, chosen)).municipalities[0]["quick_exit_url"] == "https://nos.nl/"
    assert read_municipality_file(_write(tmp_path, VALID)).municipalities[0]["quick_exit_url"] is None
    assert municipalities["lansingerland"].quick_exit_url == "https://nos.nl/"
    assert municipalities["groningen"].quick_exit_url is None


def test_a_gemeentecode_must_be_cbss_four_digits_as_a_string(tmp_path):
    import pytest

    from portal.services.municipalities import MunicipalityDataError, read_municipality_file
    from tests.conftest import DEMO_MUNICIPALITIES

    demo = read_municipality_file(DEMO_MUNICIPALITIES)
    assert [m["gemeentecode"] for m in demo.municipalities] == ["1621", "0014", "0262"]
    for bad in ('"14"', "14", '"GM0014"'):
        text = DEMO_MUNICIPALITIES.read_text(encoding="utf-8").replace('gemeentecode = "0014"', f"gemeentecode = {bad}")
        path = tmp_path / "m.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(MunicipalityDataError, match="gemeentecode"):
            read_municipality_file(path)
