from portal.domain.groups import ResidentGroup
from portal.domain.partners import PartnerKind
from portal.domain.routes import Route
from portal.rules.result_partners import (
    BBZ_AFTER_PARTNERS,
    BBZ_IN_GROUP,
    BUSINESS_RUNNING,
    bbz_note_place,
    group_partner_kinds,
    mentions_bbz,
    partner_kinds,
)

ENTREPRENEUR = (ResidentGroup.ENTREPRENEUR,)


def test_a_running_business_goes_to_the_entrepreneurs_desk_before_the_formal_debt_help():
    kinds = partner_kinds(Route.DEBT_HELP, ENTREPRENEUR, (BUSINESS_RUNNING,))
    assert kinds == (PartnerKind.ENTREPRENEURS_DESK, PartnerKind.FORMAL_DEBT_HELP, PartnerKind.SOCIAL_WORK)


def test_in_a_crisis_too_and_on_routes_without_formal_help():
    assert partner_kinds(Route.CRISIS, ENTREPRENEUR, (BUSINESS_RUNNING,))[0] == PartnerKind.ENTREPRENEURS_DESK
    assert partner_kinds(Route.SELF_HELP, ENTREPRENEUR, (BUSINESS_RUNNING,)) == (PartnerKind.ENTREPRENEURS_DESK,)


def test_a_stopped_business_and_other_residents_keep_the_route_order():
    assert partner_kinds(Route.DEBT_HELP, ENTREPRENEUR, ()) == (PartnerKind.FORMAL_DEBT_HELP, PartnerKind.SOCIAL_WORK)
    # The flag alone, without the group (an answer hidden later), changes nothing.
    assert partner_kinds(Route.DEBT_HELP, (), (BUSINESS_RUNNING,))[0] == PartnerKind.FORMAL_DEBT_HELP


def test_a_group_section_does_not_repeat_a_kind_the_main_list_already_names():
    listed = partner_kinds(Route.DEBT_HELP, ENTREPRENEUR, (BUSINESS_RUNNING,))
    assert group_partner_kinds(ENTREPRENEUR, listed) == {ResidentGroup.ENTREPRENEUR: None}
    assert group_partner_kinds((ResidentGroup.YOUTH,), listed) == {ResidentGroup.YOUTH: PartnerKind.YOUTH_COACHES}


def test_bbz_is_found_as_a_word_only():
    assert mentions_bbz("Bbz-loket voor zelfstandigen")
    assert mentions_bbz("Loket BBZ")
    assert not mentions_bbz("Regionaal Bureau voor Zelfstandigen (RBZ)")
    assert not mentions_bbz("Abbzorg")


def test_bbz_is_explained_next_to_the_list_that_names_it():
    assert bbz_note_place(["Bbz-loket voor zelfstandigen", "Stadsbank"], [], ENTREPRENEUR,
                          (BUSINESS_RUNNING,)) == BBZ_AFTER_PARTNERS
    assert bbz_note_place(["Stadsbank"], ["Bbz-loket voor zelfstandigen"], ENTREPRENEUR, ()) == BBZ_IN_GROUP
    # A running business hears of Bbz also where its desk has another name (Lansingerland's RBZ) ...
    assert bbz_note_place(["RBZ", "PLANgroep"], [], ENTREPRENEUR, (BUSINESS_RUNNING,)) == BBZ_AFTER_PARTNERS
    # ... and without a municipality, in the part for entrepreneurs.
    assert bbz_note_place([], [], ENTREPRENEUR, (BUSINESS_RUNNING,)) == BBZ_IN_GROUP
    assert bbz_note_place(["PLANgroep"], ["RBZ"], ENTREPRENEUR, ()) is None
    assert bbz_note_place(["PLANgroep"], [], (), ()) is None
