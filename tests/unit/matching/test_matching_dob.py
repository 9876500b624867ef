"""Date-of-birth agreement, including the slips people make, at the edges."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.people import DobPrecision
from marac_desktop.errors import InvalidInputError
from marac_desktop.matching import BirthDate, DobAgreement, compare_dobs, parse_birth_date
from marac_desktop.matching.dob import best_dob_agreement


def _day(text: str) -> BirthDate:
    return BirthDate(date.fromisoformat(text))


def _year(year: int) -> BirthDate:
    return BirthDate(date(year, 1, 1), DobPrecision.YEAR)


@pytest.mark.parametrize(
    ("first", "second", "agreement"),
    [
        ("1985-03-12", "1985-03-12", DobAgreement.SAME),
        ("1985-03-12", "1985-12-03", DobAgreement.DAY_MONTH_SWAPPED),
        ("1985-05-05", "1985-05-05", DobAgreement.SAME),
        ("1985-01-12", "1985-12-01", DobAgreement.DAY_MONTH_SWAPPED),
        ("1985-03-13", "1985-03-31", DobAgreement.DIGITS_SWAPPED),
        ("1985-03-12", "1986-03-12", DobAgreement.YEAR_APART),
        ("1985-03-12", "1984-03-12", DobAgreement.YEAR_APART),
        ("1985-03-12", "1985-03-13", DobAgreement.ONE_DIGIT),
        ("1985-03-12", "1985-08-12", DobAgreement.ONE_DIGIT),
        ("1985-03-12", "1988-03-12", DobAgreement.ONE_DIGIT),
        ("1985-03-12", "1975-03-12", DobAgreement.DECADE_DIGIT),
        ("1985-03-12", "1958-03-12", DobAgreement.DIGITS_SWAPPED),
        ("1985-12-31", "1986-01-01", DobAgreement.DAY_APART),
        ("1984-02-29", "1984-03-01", DobAgreement.DAY_APART),
        ("1985-03-19", "1985-03-20", DobAgreement.DAY_APART),
        ("1985-03-12", "1985-04-21", DobAgreement.DIFFERENT),
        ("1985-03-12", "1991-08-30", DobAgreement.DIFFERENT),
        ("1985-03-12", "1987-03-12", DobAgreement.ONE_DIGIT),
        ("1985-03-12", "1983-03-21", DobAgreement.DIFFERENT),
    ],
)
def test_full_dates(first: str, second: str, agreement: DobAgreement) -> None:
    assert compare_dobs(_day(first), _day(second)) is agreement
    assert compare_dobs(_day(second), _day(first)) is agreement


def test_only_the_year_known() -> None:
    assert compare_dobs(_year(1985), _day("1985-12-31")) is DobAgreement.SAME_YEAR_ONLY
    assert compare_dobs(_day("1985-01-01"), _year(1985)) is DobAgreement.SAME_YEAR_ONLY
    assert compare_dobs(_year(1985), _year(1985)) is DobAgreement.SAME_YEAR_ONLY
    assert compare_dobs(_year(1985), _day("1986-06-01")) is DobAgreement.NEAR_YEAR_ONLY
    assert compare_dobs(_year(1985), _year(1984)) is DobAgreement.NEAR_YEAR_ONLY
    assert compare_dobs(_year(1985), _day("1987-06-01")) is DobAgreement.DIFFERENT


def test_unknown() -> None:
    assert compare_dobs(None, _day("1985-03-12")) is DobAgreement.UNKNOWN
    assert compare_dobs(_day("1985-03-12"), None) is DobAgreement.UNKNOWN
    assert best_dob_agreement((), (_day("1985-03-12"),)) is DobAgreement.UNKNOWN


def test_the_best_of_several_recorded_dates_counts() -> None:
    recorded = (_day("1990-01-01"), _day("1985-03-12"))
    assert best_dob_agreement((_day("1985-12-03"),), recorded) is DobAgreement.DAY_MONTH_SWAPPED


def test_scores_and_reasons_are_ordered_and_plain() -> None:
    scores = [agreement.score for agreement in DobAgreement]
    assert scores[0] == 1.0 and scores[-1] == 0.0
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert DobAgreement.SAME.reason == "same date of birth"
    assert DobAgreement.ONE_DIGIT.reason == "one digit different in the date of birth"
    assert DobAgreement.SAME_YEAR_ONLY.reason == "only the birth year matches"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-03-12", BirthDate(date(1985, 3, 12))),
        ("12/03/1985", BirthDate(date(1985, 3, 12))),
        ("2.3.1985", BirthDate(date(1985, 3, 2))),
        ("1985", BirthDate(date(1985, 1, 1), DobPrecision.YEAR)),
        ("c. 1985", BirthDate(date(1985, 1, 1), DobPrecision.YEAR)),
        ("  ", None),
    ],
)
def test_parse(text: str, expected: BirthDate | None) -> None:
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/1985", "1985-13-01", "March 1985", "85"])
def test_parse_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(InvalidInputError, match="date of birth could not be read"):
        parse_birth_date(text)
