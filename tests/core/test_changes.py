"""Changes: what one write changed, merged across writes and asked by a page."""

from __future__ import annotations

from app.core.changes import NOTHING, Changes, Kind
from app.core.plan.replan import TODAY_KINDS


def test_nothing_is_false_and_touches_no_page() -> None:
    assert not NOTHING
    assert not NOTHING.touches(list(Kind), ["preferences"])


def test_a_setting_touches_only_a_page_that_reads_that_key() -> None:
    told = Changes.setting("cautions_told")
    assert told and not told.touches(TODAY_KINDS, ["preferences", "equipment"])
    assert Changes.setting("equipment").touches(TODAY_KINDS, ["preferences", "equipment"])


def test_merging_keeps_every_kind_and_key_and_any_setting_wins() -> None:
    merged = Changes.setting("preferences") | Changes.of(Kind.CHECKS)
    assert merged == Changes(frozenset({Kind.SETTINGS, Kind.CHECKS}), frozenset({"preferences"}))
    assert (merged | Changes.of(Kind.SETTINGS)).settings is None
    assert (merged | NOTHING) == merged


def test_a_restored_file_touches_every_page() -> None:
    everything = Changes.everything()
    assert everything.touches([Kind.CHECKS]) and everything.touches([], ["report_name"])
    assert everything.replaced and (NOTHING | everything).replaced
    assert not Changes.of(*Kind).replaced  # an import adds to the file, it does not replace it
