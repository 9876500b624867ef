"""A large list is let go of a slice at a time, never in one call."""

from __future__ import annotations

from marac_desktop.services.freeing import free_in_slices


class _Watched(list[int]):
    def __init__(self, values: range) -> None:
        super().__init__(values)
        self.cuts: list[int] = []

    def __delitem__(self, index: object) -> None:
        before = len(self)
        super().__delitem__(index)  # type: ignore[arg-type]
        self.cuts.append(before - len(self))


def test_a_list_is_emptied_a_slice_at_a_time() -> None:
    values = _Watched(range(12_345))
    free_in_slices(values, 5_000)
    assert values == [] and values.cuts == [5_000, 5_000, 2_345]
