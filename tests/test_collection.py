"""Bulk stages collect garbage less often, and leave the collector as they found it."""

from __future__ import annotations

import gc

import pytest

from qualcode.workflow.collection import BULK_THRESHOLD, fewer_collections


def test_the_collector_is_put_back_however_the_stage_ends():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], BULK_THRESHOLD)
        assert gc.get_freeze_count() > 0  # what was alive at the start is out of its walks
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(KeyboardInterrupt), fewer_collections():
        raise KeyboardInterrupt
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_cycles_made_during_a_stage_are_still_freed():
    import weakref

    class Node:
        pass

    with fewer_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: reference counting alone never frees it
        alive = weakref.ref(a)
        del a, b
    gc.collect()
    assert alive() is None
