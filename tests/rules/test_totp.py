from datetime import UTC, datetime, timedelta

from portal.rules.totp import code_at, grouped, matching_step, new_secret, provisioning_uri, time_step

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 12, 1, 9, 0, 10, tzinfo=UTC)


def test_the_code_of_this_half_minute_matches_its_step():
    step = time_step(NOW)
    assert matching_step(SECRET, code_at(SECRET, step), NOW) == step


def test_rfc_6238_reference_value():
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); the last six are what a 6-digit app shows.
    at_59_seconds = time_step(datetime(1970, 1, 1, 0, 0, 59, tzinfo=UTC))
    assert code_at("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at_59_seconds) == "287082"


def test_half_a_minute_of_clock_drift_is_forgiven_but_not_more():
    step = time_step(NOW)
    assert matching_step(SECRET, code_at(SECRET, step - 1), NOW) == step - 1
    assert matching_step(SECRET, code_at(SECRET, step + 1), NOW) == step + 1
    assert matching_step(SECRET, code_at(SECRET, step - 2), NOW) is None
    assert matching_step(SECRET, code_at(SECRET, step), NOW + timedelta(minutes=2)) is None


def test_what_people_type_around_the_digits_is_ignored_and_junk_is_refused():
    code = code_at(SECRET, time_step(NOW))
    assert matching_step(SECRET, f" {code[:3]} {code[3:]} ", NOW) is not None
    assert matching_step(SECRET, f"{code[:3]}-{code[3:]}", NOW) is not None
    for junk in ("", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "' OR 1=1"):
        assert matching_step(SECRET, junk, NOW) is None


def test_another_secret_gives_other_codes():
    other = new_secret()
    assert len(other) == 32 and other != new_secret()
    step = time_step(NOW)
    window = range(step - 1, step + 2)
    assert [code_at(other, s) for s in window] != [code_at(SECRET, s) for s in window]


def test_the_app_link_and_the_typed_form():
    uri = provisioning_uri(SECRET, "sanne@lansingerland.demo", "Hulp bij geldzorgen")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri and "issuer=Hulp" in uri
    assert grouped(SECRET) == "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
