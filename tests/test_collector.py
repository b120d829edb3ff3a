"""core/collector.py: the cycle collector paused for a bulk of new objects, and those objects aged at once."""

from __future__ import annotations

import gc

from segib_desktop.core import collector


def test_what_a_paused_block_kept_is_not_left_for_the_next_young_collection():
    """Left among the young objects, the block's objects would all be walked by the next collection (72 ms
    after the similarity index's 200,000 entries, on whichever thread allocated next)."""
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(2000)]  # lists: tracked by the collector whatever they hold
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)} | {id(o) for o in gc.get_objects(generation=1)}
    assert not any(id(item) in young for item in kept)
    assert sum(id(o) == id(kept[0]) for o in gc.get_objects(generation=2)) == 1  # aged, still collectable


def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends():
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
