"""Counts in plain words, read by every screen that shows a count."""

from __future__ import annotations

from marac_desktop.domain.words import counted, have, period


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "case") == "1 case"
    assert counted(0, "case") == "0 cases"
    assert counted(2, "working day") == "2 working days"
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"
    assert counted(250_000, "case") == "250,000 cases"
    assert (have(1), have(0), have(2)) == ("has", "have", "have")


def test_a_span_of_days_reads_as_a_person_would_say_it() -> None:
    spans = {d: period(d) for d in (1, 14, 30, 45, 91, 182, 183, 365, 730, 1095, 1000)}
    assert spans == {
        1: "1 day",
        14: "2 weeks",
        30: "1 month",
        45: "45 days",
        91: "3 months",
        182: "6 months",
        183: "6 months",
        365: "12 months",
        730: "2 years",
        1095: "3 years",
        1000: "1,000 days",
    }
