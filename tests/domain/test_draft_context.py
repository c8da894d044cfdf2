from portal.domain.draft_context import DraftContext


def test_a_draft_begun_with_a_staff_member_is_assisted():
    assert DraftContext.begin(assisted_by=7) == DraftContext(filled_in="assisted", assisted_by=7)
    assert DraftContext.begin(source="anonymous-advice").filled_in == "online"


def test_a_stored_context_reads_back_and_old_drafts_lack_fields():
    context = DraftContext.begin(source="bank", source_reason="overdraft", selftest={"route": "self_help"})
    assert DraftContext.from_stored(context.stored()) == context
    assert DraftContext.from_stored({"source": "bank", "retired_key": 1}) == DraftContext(source="bank")
    assert DraftContext.from_stored(None) == DraftContext()


def test_marking_assisted_and_counting_links_keep_the_rest():
    context = DraftContext(source="bank").assisted(3).with_link_sent().with_link_sent()
    assert (context.source, context.filled_in, context.assisted_by, context.links_sent) == ("bank", "assisted", 3, 2)
