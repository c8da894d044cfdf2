"""The status workflow: every status is named, reachable from a new case, and only 'closed' is final."""

from portal.domain.status import AanmeldingStatus
from portal.rules.case_status import ALLOWED

FINAL = {AanmeldingStatus.CLOSED}


def _reachable_from_new() -> set[AanmeldingStatus]:
    seen, todo = {AanmeldingStatus.NEW}, [AanmeldingStatus.NEW]
    while todo:
        for target in ALLOWED[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_every_status_has_a_label_and_a_place_in_the_workflow():
    assert set(ALLOWED) == set(AanmeldingStatus)
    assert all(status.msgid.strip() for status in AanmeldingStatus)


def test_every_status_but_closed_can_move_on():
    stuck = {status for status in AanmeldingStatus if not ALLOWED[status]}
    assert stuck == FINAL


def test_every_status_is_reachable_from_a_new_case():
    assert _reachable_from_new() == set(AanmeldingStatus)


def test_a_case_never_becomes_new_again():
    assert not any(AanmeldingStatus.NEW in targets for targets in ALLOWED.values())
