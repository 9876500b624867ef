"""Every column says what it holds, and anonymised queries refuse what a person typed."""

from __future__ import annotations

import pytest

from marac_desktop.storage.anonymised import (
    ANONYMISED_KINDS,
    COLUMN_KINDS,
    Kind,
    NotAnonymisedError,
    anonymised_select,
)
from marac_desktop.storage.orm import Base, PersonRow, ReferralRow


def test_every_column_of_the_schema_has_a_kind() -> None:
    """A new column fails here until someone decides whether anonymised outputs may read it."""
    schema = {(t.name, c.name) for t in Base.metadata.sorted_tables for c in t.columns}
    kinds = {(table, column) for table, columns in COLUMN_KINDS.items() for column in columns}
    assert sorted(schema - kinds) == []
    assert sorted(kinds - schema) == []


def test_typed_and_identifying_columns_are_never_anonymised() -> None:
    assert {Kind.FREE_TEXT, Kind.IDENTIFIER, Kind.MACHINE} & ANONYMISED_KINDS == set()
    for name in ("family_name", "given_names", "address", "postcode", "phone", "contact_notes"):
        assert COLUMN_KINDS["people"][name] is Kind.FREE_TEXT


@pytest.mark.parametrize(
    "column",
    [PersonRow.family_name, PersonRow.ethnicity_detail, ReferralRow.referring_agency_detail],
)
def test_an_anonymised_query_refuses_a_typed_column(column: object) -> None:
    with pytest.raises(NotAnonymisedError, match="may not be read"):
        anonymised_select(ReferralRow.case_id, column)


def test_an_expression_over_a_typed_column_is_refused_too() -> None:
    from sqlalchemy import func

    with pytest.raises(NotAnonymisedError):
        anonymised_select(func.lower(PersonRow.given_names).label("x"))
    assert anonymised_select(PersonRow.ethnicity, func.count()) is not None
