"""Read and check a JSON bundle completely before anything is saved.

Every problem is collected with where it is ("cases[2].victim: ..."), so a coordinator can fix
the whole file at once. Messages never quote the file's values (they may be case data).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.people import Alias, DobPrecision, PersonDetails
from marac_desktop.domain.records import (
    IdvaAllocation,
    IncidentKind,
    ReferralStatus,
)

FORMAT = "marac-bundle"
VERSION = 1
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,40}$")
_PERSON_TEXT = (
    "gender",
    "ethnicity",
    "sexuality",
    "language",
    "address",
    "postcode",
    "phone",
    "contact_notes",
)
_PERSON_BOOL = ("disability", "interpreter_needed", "safe_to_call")


MAX_DEPTH = 12
"""Nesting deeper than any bundle field goes (a bundle's deepest value is about six levels)."""
MAX_INTEGER = 2**53
"""Larger integers are not a count, an age or a version; JSON tools lose their digits anyway."""
MAX_NODES = 20_000_000


def shape_problems(document: object) -> list[str]:
    """What makes a document unreadable as a bundle before its fields are looked at: nesting
    too deep, integers out of range, numbers that are not finite, text that is not valid
    Unicode (a lone surrogate), or too many values. Walks without recursion."""
    problems: list[str] = []
    stack: list[tuple[object, str, int]] = [(document, "bundle", 0)]
    nodes = 0
    while stack and len(problems) < 20:
        value, where, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return [*problems, "bundle: holds too many values to be a bundle"]
        if depth > MAX_DEPTH:
            problems.append(f"{where}: nests more than {MAX_DEPTH} levels deep")
            continue
        if isinstance(value, str):
            if not _valid_text(value):
                problems.append(f"{where}: is not valid text (it holds a lone surrogate)")
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_INTEGER:
                problems.append(f"{where}: is a number too large for any bundle field")
        elif isinstance(value, float):
            if not math.isfinite(value):
                problems.append(f"{where}: is not a finite number")
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str) or not _valid_text(key):
                    problems.append(f"{where}: has a field name that is not valid text")
                    continue
                stack.append((item, f"{where}.{key[:40]}", depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{n}]", depth + 1) for n, item in enumerate(value))
        else:
            problems.append(f"{where}: is not a JSON value")
    return problems


def _valid_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Problems:
    items: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class BundleCase:
    key: str
    reference: str
    victim: str
    perpetrators: tuple[tuple[str, str], ...]
    children: tuple[tuple[str, str], ...]
    idvas: tuple[IdvaAllocation, ...] = ()
    """Oldest first."""


@dataclass(frozen=True, slots=True)
class BundleIncident:
    case: str
    day: date
    kind: IncidentKind
    source_agency: str
    reported_to_police: bool


@dataclass(frozen=True, slots=True)
class BundleReferral:
    case: str
    day: date
    agency: str
    criteria: ReferralCriteria
    status: ReferralStatus
    meeting_day: date | None


@dataclass(frozen=True, slots=True)
class Bundle:
    people: dict[str, PersonDetails]
    cases: list[BundleCase]
    incidents: list[BundleIncident]
    referrals: list[BundleReferral]
    assessments: Sequence[tuple[str, Mapping[str, Any]]]
    """(case key, the checked assessment object); assessments.import_bundle rebuilds them."""


class _Reader:
    def __init__(self, today: date) -> None:
        self.problems = Problems()
        self.today = today

    def obj(
        self, value: object, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.problems.add(where, "must be an object {...}")
            return None
        for key in value:
            if key not in required and key not in optional:
                self.problems.add(f"{where}.{str(key)[:40]}", "is not a recognised field")
        for key in required:
            if key not in value:
                self.problems.add(f"{where}.{key}", "is missing")
        return value

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        required: bool = False,
        limit: int = 2000,
    ) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problems.add(f"{where}.{key}", "must be text")
            return ""
        if required and not value.strip():
            self.problems.add(f"{where}.{key}", "must not be empty")
        if len(value) > limit:
            self.problems.add(f"{where}.{key}", f"is longer than {limit} characters")
        return value

    def day(self, value: object, where: str, optional: bool = False) -> date | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            self.problems.add(where, "must be a date written YYYY-MM-DD")
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.problems.add(where, "is not a real date")
            return None
        if parsed > self.today:
            self.problems.add(where, "is in the future")
        return parsed

    def flag(self, value: object, where: str, optional: bool = True) -> bool | None:
        if value is None and optional:
            return None
        if not isinstance(value, bool):
            self.problems.add(where, "must be true or false")
            return None
        return value

    def choice(self, value: object, where: str, allowed: tuple[str, ...]) -> str | None:
        if value not in allowed:
            self.problems.add(where, f"must be one of {', '.join(allowed)}")
            return None
        return str(value)

    def key(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not _ID.match(value):
            self.problems.add(where, "must be an id of letters, digits and . _ : -")
            return ""
        return value

    def items(self, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problems.add(f"{where}.{key}", "must be a list [...]")
            return []
        return value


def _person(reader: _Reader, raw: object, where: str) -> tuple[str, PersonDetails] | None:
    data = reader.obj(
        raw,
        where,
        ("id", "family_name", "given_names"),
        ("aliases", "date_of_birth", "dob_precision", "other_dobs", *_PERSON_TEXT, *_PERSON_BOOL),
    )
    if data is None:
        return None
    aliases = []
    for n, item in enumerate(reader.items(data, "aliases", where)):
        alias = reader.obj(item, f"{where}.aliases[{n}]", ("family_name", "given_names"))
        if alias is not None:
            aliases.append(
                Alias(
                    reader.text(alias, "family_name", f"{where}.aliases[{n}]"),
                    reader.text(alias, "given_names", f"{where}.aliases[{n}]"),
                )
            )
    precision = reader.choice(
        data.get("dob_precision", "day"), f"{where}.dob_precision", tuple(DobPrecision)
    )
    values: dict[str, Any] = {
        "family_name": reader.text(data, "family_name", where, required=True, limit=200),
        "given_names": reader.text(data, "given_names", where, required=True, limit=200),
        "aliases": tuple(aliases),
        "date_of_birth": reader.day(
            data.get("date_of_birth"), f"{where}.date_of_birth", optional=True
        ),
        "dob_precision": DobPrecision(precision or "day"),
        "other_dobs": tuple(
            d
            for n, v in enumerate(reader.items(data, "other_dobs", where))
            if (d := reader.day(v, f"{where}.other_dobs[{n}]")) is not None
        ),
    }
    values.update({k: reader.text(data, k, where) for k in _PERSON_TEXT})
    values.update({k: reader.flag(data.get(k), f"{where}.{k}") for k in _PERSON_BOOL})
    details = PersonDetails(**values)
    if "id" not in data:
        return None  # reported as missing by obj()
    return reader.key(data["id"], f"{where}.id"), details


def _parties(
    reader: _Reader,
    data: Mapping[str, Any],
    key: str,
    where: str,
    people: Mapping[str, PersonDetails],
    victim: str,
) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for n, item in enumerate(reader.items(data, key, where)):
        spot = f"{where}.{key}[{n}]"
        party = reader.obj(item, spot, ("person",), ("relationship",))
        if party is None:
            continue
        person = reader.key(party["person"], f"{spot}.person") if "person" in party else ""
        if person and person not in people:
            reader.problems.add(f"{spot}.person", "refers to a person who is not in the bundle")
        if person and person == victim:
            reader.problems.add(f"{spot}.person", "is the victim of this case")
        elif person and person in (p for p, _ in found):
            reader.problems.add(f"{spot}.person", f"is listed twice in {key}")
        found.append((person, reader.text(party, "relationship", spot, limit=64)))
    return tuple(found)


def _idvas(reader: _Reader, data: Mapping[str, Any], where: str) -> tuple[IdvaAllocation, ...]:
    """The case's IDVA allocations, oldest first; absent means none. A missing field is
    reported once (as missing), not again as empty or malformed. An absent or null
    ``ended_on`` means still allocated, which at most one allocation may be."""
    found = []
    still_open: str | None = None
    for n, item in enumerate(reader.items(data, "idvas", where)):
        spot = f"{where}.idvas[{n}]"
        allocation = reader.obj(item, spot, ("name", "allocated_on"), ("ended_on",))
        if allocation is None:
            continue
        name = (
            reader.text(allocation, "name", spot, required=True, limit=200)
            if "name" in allocation
            else ""
        )
        allocated_on = (
            reader.day(allocation["allocated_on"], f"{spot}.allocated_on")
            if "allocated_on" in allocation
            else None
        )
        ended_on = reader.day(allocation.get("ended_on"), f"{spot}.ended_on", optional=True)
        if allocation.get("ended_on") is None:
            if still_open is not None:
                reader.problems.add(
                    f"{spot}.ended_on", f"is not given, but {still_open} has not ended either"
                )
            still_open = f"idvas[{n}]"
        elif allocated_on and ended_on and ended_on < allocated_on:
            reader.problems.add(f"{spot}.ended_on", "is before allocated_on")
        if allocated_on is not None:
            found.append(IdvaAllocation(" ".join(name.split()), allocated_on, ended_on))
    return tuple(found)


def check_bundle(
    document: object,
    today: date,
    check_assessment: Callable[[Mapping[str, Any], str, Problems], None],
) -> tuple[Bundle, list[str]]:
    """The bundle read from ``document`` and every problem found (empty when it is sound)."""
    empty = Bundle({}, [], [], [], [])
    unreadable = shape_problems(document)
    if unreadable:
        return empty, unreadable
    reader = _Reader(today)
    top = reader.obj(
        document,
        "bundle",
        ("format", "version"),
        ("exported_at", "people", "cases", "incidents", "referrals", "assessments"),
    )
    if top is None:
        return empty, reader.problems.items
    if top.get("format") != FORMAT or top.get("version") != VERSION:
        reader.problems.add("bundle", f"is not a {FORMAT} version {VERSION} file")
        return empty, reader.problems.items
    people: dict[str, PersonDetails] = {}
    for n, raw in enumerate(reader.items(top, "people", "bundle")):
        found = _person(reader, raw, f"people[{n}]")
        if found:
            if found[0] in people:
                reader.problems.add(f"people[{n}].id", "is used twice")
            people[found[0]] = found[1]
    cases: list[BundleCase] = []
    keys: set[str] = set()
    for n, raw in enumerate(reader.items(top, "cases", "bundle")):
        where = f"cases[{n}]"
        data = reader.obj(
            raw, where, ("id", "victim"), ("reference", "perpetrators", "children", "idvas")
        )
        if data is None:
            continue
        key = reader.key(data.get("id"), f"{where}.id")
        if key in keys:
            reader.problems.add(f"{where}.id", "is used twice")
        keys.add(key)
        victim = reader.key(data.get("victim"), f"{where}.victim")
        if victim and victim not in people:
            reader.problems.add(f"{where}.victim", "refers to a person who is not in the bundle")
        cases.append(
            BundleCase(
                key,
                reader.text(data, "reference", where, limit=20),
                victim,
                _parties(reader, data, "perpetrators", where, people, victim),
                _parties(reader, data, "children", where, people, victim),
                _idvas(reader, data, where),
            )
        )
    incidents = []
    for n, raw in enumerate(reader.items(top, "incidents", "bundle")):
        where = f"incidents[{n}]"
        data = reader.obj(
            raw, where, ("case", "date", "kind", "source_agency", "reported_to_police")
        )
        if data is None:
            continue
        case = _case_ref(reader, data, where, keys)
        day = reader.day(data.get("date"), f"{where}.date")
        kind = reader.choice(data.get("kind"), f"{where}.kind", tuple(IncidentKind))
        police = reader.flag(
            data.get("reported_to_police"), f"{where}.reported_to_police", optional=False
        )
        agency = reader.text(data, "source_agency", where, required=True, limit=64)
        if day and kind and police is not None:
            incidents.append(BundleIncident(case, day, IncidentKind(kind), agency, police))
    referrals = []
    for n, raw in enumerate(reader.items(top, "referrals", "bundle")):
        where = f"referrals[{n}]"
        data = reader.obj(
            raw,
            where,
            ("case", "date", "referring_agency", "criteria", "status"),
            ("meeting_date",),
        )
        if data is None:
            continue
        case = _case_ref(reader, data, where, keys)
        day = reader.day(data.get("date"), f"{where}.date")
        meeting = reader.day(data.get("meeting_date"), f"{where}.meeting_date", optional=True)
        status = reader.choice(data.get("status"), f"{where}.status", tuple(ReferralStatus))
        flags = reader.obj(
            data.get("criteria"),
            f"{where}.criteria",
            tuple(c.value for c in Criterion),
        )
        values = (
            {
                k: reader.flag(flags.get(k), f"{where}.criteria.{k}", optional=False)
                for k in (c.value for c in Criterion)
            }
            if flags
            else {}
        )
        if flags and not any(values.values()):
            reader.problems.add(f"{where}.criteria", "must have at least one criterion true")
        agency = reader.text(data, "referring_agency", where, required=True, limit=64)
        if day and status and flags and all(v is not None for v in values.values()):
            referrals.append(
                BundleReferral(
                    case,
                    day,
                    agency,
                    ReferralCriteria.from_mapping({k: bool(v) for k, v in values.items()}),
                    ReferralStatus(status),
                    meeting,
                )
            )
    assessments = []
    for n, raw in enumerate(reader.items(top, "assessments", "bundle")):
        where = f"assessments[{n}]"
        if not isinstance(raw, dict):
            reader.problems.add(where, "must be an object {...}")
            continue
        case = _case_ref(reader, raw, where, keys)
        check_assessment(raw, where, reader.problems)
        assessments.append((case, raw))
    return Bundle(people, cases, incidents, referrals, assessments), reader.problems.items


def _case_ref(reader: _Reader, data: Mapping[str, Any], where: str, keys: set[str]) -> str:
    case = reader.key(data.get("case"), f"{where}.case")
    if case and case not in keys:
        reader.problems.add(f"{where}.case", "refers to a case that is not in the bundle")
    return case
