"""The people's blocking keys: written with every change to a person, read by a search.

A search reads its candidates by key from ``person_match_keys`` and their names and dates with
three set-based queries, so nothing is held in memory between searches and a person added at
another desk is found at once. See ``matching/keys.py`` for what the keys are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import (
    CompoundSelect,
    Select,
    bindparam,
    case,
    delete,
    func,
    insert,
    intersect,
    select,
    text,
)
from sqlalchemy.orm import Session

from marac_desktop.domain.people import Alias, DobPrecision, PersonDetails
from marac_desktop.matching import PersonRecord
from marac_desktop.matching.keys import (
    DATE_PREFIX,
    POSTCODE_PREFIX,
    TOKEN_PREFIX,
    postcode_key,
    query_keys,
    record_keys,
    token_keys,
)
from marac_desktop.matching.ranking import Profile, profile_of
from marac_desktop.storage.orm import AliasRow, OtherDobRow, PersonMatchKeyRow, PersonRow

CANDIDATE_CAP = 100
"""Most candidates a search scores: those sharing the most keys with it, when more share one."""
_DATE_WEIGHT = 3
"""A shared full date of birth counts as much as this many shared name keys."""
KEY_LOCK_SPACE = 7_340_011
"""The first half of the advisory lock a blocking key is held by (``lock_keys``); the audit
log's lock is a single number, so the two never meet."""
_IN_BATCH = 500
"""Values bound into one ``IN`` (well under SQLite's limit)."""


def keys_of(person_id: int, details: PersonDetails) -> set[str]:
    return person_keys(PersonRecord.from_details(person_id, details), details.postcode)


def person_keys(record: PersonRecord, postcode: str = "") -> set[str]:
    """The matching keys, the search words and the postcode a person is filed under."""
    names = [(record.family_name, record.given_names)]
    names += [(alias.family_name, alias.given_names) for alias in record.aliases]
    keys = record_keys(profile_of(record)) | token_keys(names)
    if (postcode_found := postcode_key(postcode)) is not None:
        keys.add(postcode_found)
    return keys


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Hold these keys until the transaction ends, so that two desks filing people under a
    shared key file them one after the other. On a server, a transaction-scoped advisory lock
    per key (taken in one order, so two desks never wait for each other); the file already
    lets one desk write at a time (``BEGIN IMMEDIATE``)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    numbers = sorted({_lock_number(key) for key in keys})
    if numbers:
        session.execute(
            text("SELECT pg_advisory_xact_lock(:space, n) FROM unnest(CAST(:numbers AS int[])) n"),
            {"space": KEY_LOCK_SPACE, "numbers": numbers},
        )


def _lock_number(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big", signed=True)


def add_keys(session: Session, rows: Iterable[tuple[str, int]]) -> int:
    """File (key, person id) rows, many per statement; how many were written."""
    batch = [{"key": key, "person_id": person_id} for key, person_id in rows]
    if batch:
        session.connection().execute(insert(PersonMatchKeyRow), batch)
    return len(batch)


def file_person(session: Session, person_id: int, details: PersonDetails) -> None:
    """File a new person under their keys."""
    add_keys(session, ((key, person_id) for key in sorted(keys_of(person_id, details))))


def refile_person(
    session: Session, person_id: int, before: PersonDetails, after: PersonDetails
) -> None:
    """Move a changed person from the keys of ``before`` to those of ``after``.

    Reading the old keys from the old details (not by person) needs no index by person.
    """
    old, new = keys_of(person_id, before), keys_of(person_id, after)
    gone = sorted(old - new)
    for start in range(0, len(gone), _IN_BATCH):
        session.execute(
            delete(PersonMatchKeyRow).where(
                PersonMatchKeyRow.person_id == person_id,
                PersonMatchKeyRow.key.in_(gone[start : start + _IN_BATCH]),
            )
        )
    add_keys(session, ((key, person_id) for key in sorted(new - old)))


def candidate_ids(session: Session, wanted: Profile, cap: int = CANDIDATE_CAP) -> list[int]:
    """The people sharing a key with ``wanted``, those sharing the most first, at most ``cap``."""
    keys = sorted(query_keys(wanted))
    if not keys:
        return []
    date_key = PersonMatchKeyRow.key.startswith(DATE_PREFIX, autoescape=True)
    shared = func.sum(case((date_key, _DATE_WEIGHT), else_=1)).label("shared")
    query = (
        select(PersonMatchKeyRow.person_id)
        .where(PersonMatchKeyRow.key.in_(bindparam("keys", expanding=True)))
        .group_by(PersonMatchKeyRow.person_id)
        .order_by(shared.desc(), PersonMatchKeyRow.person_id)
        .limit(cap)
    )
    return list(session.scalars(query, {"keys": keys}))


def records(session: Session, person_ids: Sequence[int]) -> list[PersonRecord]:
    """The people asked for, as matching needs them, in three queries per batch of ids."""
    found: list[PersonRecord] = []
    for start in range(0, len(person_ids), _IN_BATCH):
        batch = list(person_ids[start : start + _IN_BATCH])
        aliases: dict[int, list[Alias]] = {}
        for alias in session.execute(
            select(AliasRow.person_id, AliasRow.family_name, AliasRow.given_names)
            .where(AliasRow.person_id.in_(batch))
            .order_by(AliasRow.id)
        ):
            aliases.setdefault(alias.person_id, []).append(
                Alias(alias.family_name, alias.given_names)
            )
        other_dobs: dict[int, list[date]] = {}
        for other in session.execute(
            select(OtherDobRow.person_id, OtherDobRow.date_of_birth)
            .where(OtherDobRow.person_id.in_(batch))
            .order_by(OtherDobRow.id)
        ):
            other_dobs.setdefault(other.person_id, []).append(other.date_of_birth)
        found += [
            PersonRecord(
                row.id,
                row.family_name,
                row.given_names,
                row.date_of_birth,
                DobPrecision(row.dob_precision),
                tuple(aliases.get(row.id, ())),
                tuple(other_dobs.get(row.id, ())),
            )
            for row in session.execute(
                select(
                    PersonRow.id,
                    PersonRow.family_name,
                    PersonRow.given_names,
                    PersonRow.date_of_birth,
                    PersonRow.dob_precision,
                ).where(PersonRow.id.in_(batch))
            )
        ]
    return found


def _after(word: str) -> str:
    """The first string after every string that starts with ``word`` (plain a-z)."""
    head = word.rstrip("z")
    return head[:-1] + chr(ord(head[-1]) + 1) if head else "{"


def _starting(prefix: str, start: str) -> Select[int]:
    """The people with a ``prefix`` key starting with ``start``: one range of the key index."""
    return select(PersonMatchKeyRow.person_id).where(
        PersonMatchKeyRow.key >= f"{prefix}{start}",
        PersonMatchKeyRow.key < f"{prefix}{_after(start)}",
    )


PREFIX_FROM = 3
"""Shorter search words match whole name words only (Li, Wu, Mc), so one typed letter does not
read half the register."""


def _word(word: str) -> Select[int]:
    if len(word) >= PREFIX_FROM:
        return _starting(TOKEN_PREFIX, word)
    return select(PersonMatchKeyRow.person_id).where(
        PersonMatchKeyRow.key == f"{TOKEN_PREFIX}{word}"
    )


def people_with_words(
    words: Sequence[str], among: Sequence[int] | None = None
) -> CompoundSelect[int] | Select[int]:
    """The people with a name word starting with each of ``words`` (in any order; at least one
    word), as a query; only those ``among`` the people given, when they are given."""
    ranges = [_word(word) for word in words]
    if among is not None:
        ranges = [query.where(PersonMatchKeyRow.person_id.in_(among)) for query in ranges]
    return ranges[0] if len(ranges) == 1 else intersect(*ranges)


def people_with_postcode(start: str) -> Select[int]:
    """The people whose postcode starts with ``start`` (already ``postcode_text``)."""
    return _starting(POSTCODE_PREFIX, start)


def key_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(PersonMatchKeyRow)) or 0)
