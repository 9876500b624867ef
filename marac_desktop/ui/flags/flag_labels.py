"""Which case or person each flag is about, in words (case references and people's names)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.records import CaseFlag
from marac_desktop.errors import UserFacingError
from marac_desktop.services import records

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

MAX_PERSON_LOOKUPS = 50


def _case_label(case_id: CaseId, references: dict[CaseId, str], word: str = "Case") -> str:
    reference = references.get(case_id)
    return f"{word} {reference}" if reference else f"{word} number {case_id}"


def about_labels(
    workspace: Workspace, flags: Sequence[CaseFlag]
) -> dict[tuple[CaseId | None, PersonId | None], str]:
    """A label per (case, person) named by the flags; falls back to the id when unreadable.

    A flag about a person reads "Name (person)", then the case it was raised on if any.
    """
    try:
        references = records.case_references(
            workspace, {f.case_id for f in flags if f.case_id is not None}
        )
    except UserFacingError:
        references = {}
    names: dict[PersonId, str] = {}
    labels: dict[tuple[CaseId | None, PersonId | None], str] = {}
    for flag in flags:
        key = (flag.case_id, flag.person_id)
        if key in labels:
            continue
        if flag.person_id is None:
            labels[key] = (
                _case_label(flag.case_id, references)
                if flag.case_id is not None
                else "Not recorded"
            )
            continue
        if flag.person_id not in names:
            names[flag.person_id] = f"Person number {flag.person_id}"
            if len(names) <= MAX_PERSON_LOOKUPS:
                try:
                    person = records.get_person(workspace, flag.person_id)
                    names[flag.person_id] = f"{person.details.display_name} (person)"
                except UserFacingError:
                    pass
        label = names[flag.person_id]
        if flag.case_id is not None:
            label += f", raised on {_case_label(flag.case_id, references, 'case')}"
        labels[key] = label
    return labels
