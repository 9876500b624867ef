"""Audit entries as a person reads them: a case named by its reference (C-000123), not by the
internal id the entry records ("case 302"). The entries themselves are never changed; only
what the page shows of them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from marac_desktop.domain.audit import AuditEntry

CASE_TARGET = "case"
MEETING_CASE_TARGET = "meeting_case"
"""A case on a meeting's list, recorded as ``meeting id/case id``."""
CASE_IN_DETAIL = re.compile(r"\bcase (\d+)\b")


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One entry with its target and detail as shown."""

    entry: AuditEntry
    target: str
    detail: str


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _meeting_case(target_id: str) -> tuple[str, int | None]:
    meeting, _slash, case = target_id.partition("/")
    return meeting, _number(case)


def case_ids(entry: AuditEntry) -> set[int]:
    """The ids of the cases ``entry`` names, in its target or its detail."""
    found = {int(match) for match in CASE_IN_DETAIL.findall(entry.detail)}
    if entry.target_type == CASE_TARGET:
        found.add(_number(entry.target_id) or 0)
    elif entry.target_type == MEETING_CASE_TARGET:
        found.add(_meeting_case(entry.target_id)[1] or 0)
    found.discard(0)
    return found


def _case(case_id: int | None, references: Mapping[int, str]) -> str:
    """A case's reference, or its id when no case has it (as recorded)."""
    return references.get(case_id or 0, str(case_id))


def target_text(entry: AuditEntry, references: Mapping[int, str]) -> str:
    case_id = _number(entry.target_id)
    if entry.target_type == CASE_TARGET and case_id is not None:
        return f"case {_case(case_id, references)}"
    if entry.target_type == MEETING_CASE_TARGET:
        meeting, listed = _meeting_case(entry.target_id)
        if listed is not None:
            return f"meeting {meeting}, case {_case(listed, references)}"
    return f"{entry.target_type.replace('_', ' ')} {entry.target_id}".strip()


def detail_text(entry: AuditEntry, references: Mapping[int, str]) -> str:
    return CASE_IN_DETAIL.sub(
        lambda match: f"case {_case(int(match.group(1)), references)}", entry.detail
    )


def lines(entries: Iterable[AuditEntry], references: Mapping[int, str]) -> list[AuditLine]:
    return [
        AuditLine(entry, target_text(entry, references), detail_text(entry, references))
        for entry in entries
    ]
