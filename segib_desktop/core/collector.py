"""Python's cycle collector paused while a few hundred thousand objects are made at once."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Python's cycle collector off for the block, on again after (if it was on).

    Every collection that a large piece of work's own allocations set off walks every object of the
    program again (an import's millions, the similarity index's 200,000 entries beside the mandates list's
    rows): half of an import's checking time, a third of the index's building. What the work makes is freed
    by reference counting (it makes no cycles that only the collector frees). Two threads may pause it at
    once: the collector is on again once the one that found it on has finished.

    What the block made and kept is then moved among the oldest objects (``gc.freeze`` then
    ``gc.unfreeze``: two list splices, no walk). Left among the young, it was all walked by the first
    collection after the block, on whichever thread came next, often the window's: 72 ms after the
    similarity index's 200,000 entries, a sixth of the overlaps view's wait. The oldest are walked only
    by the rare full collections, as they would be once they had aged there.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()
