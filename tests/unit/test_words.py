"""Counts in plain words, read by every screen that shows a count."""

from __future__ import annotations

from marac_desktop.domain.words import counted, have


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "case") == "1 case"
    assert counted(0, "case") == "0 cases"
    assert counted(2, "working day") == "2 working days"
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"
    assert counted(250_000, "case") == "250,000 cases"
    assert (have(1), have(0), have(2)) == ("has", "have", "have")
