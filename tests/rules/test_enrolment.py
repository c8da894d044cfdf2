from portal.rules.enrolment import code_hash, new_code
from portal.rules.reference import ALPHABET, compact


def test_codes_are_long_readable_and_different():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(group) for group in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set(ALPHABET)


def test_what_people_type_around_the_code_does_not_matter():
    code = "KP7X-3XAF-9HTW"
    assert compact(" kp7x 3xaf 9htw ") == "KP7X3XAF9HTW"
    assert code_hash("kp7x3xaf9htw") == code_hash(code) != code_hash("KP7X-3XAF-9HTX")
    assert code not in code_hash(code)
