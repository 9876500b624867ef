"""The labelled evaluation pairs in data/pairs.csv, read into queries and records."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marac_desktop.domain.people import Alias, DobPrecision
from marac_desktop.matching import PersonQuery, PersonRecord, parse_birth_date

PAIRS_CSV = Path(__file__).with_name("data") / "pairs.csv"


@dataclass(frozen=True)
class LabelledPair:
    same_person: bool
    kind: str
    query: PersonQuery
    record: PersonRecord


def _dob(text: str) -> tuple[date | None, DobPrecision]:
    birth = parse_birth_date(text)
    return (None, DobPrecision.DAY) if birth is None else (birth.value, birth.precision)


def load_pairs() -> list[LabelledPair]:
    pairs = []
    with PAIRS_CSV.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            query_dob, query_precision = _dob(row["query_dob"])
            record_dob, record_precision = _dob(row["record_dob"])
            aliases = tuple(
                Alias(*alias.split("|")) for alias in row["record_aliases"].split(";") if alias
            )
            pairs.append(
                LabelledPair(
                    same_person=row["label"] == "1",
                    kind=row["kind"],
                    query=PersonQuery(
                        row["query_family"],
                        row["query_given"],
                        query_dob,
                        query_precision,
                    ),
                    record=PersonRecord(
                        number,
                        row["record_family"],
                        row["record_given"],
                        record_dob,
                        record_precision,
                        aliases,
                    ),
                )
            )
    return pairs
