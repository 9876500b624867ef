"""Which case or person each flag is about, in words (case references and people's names)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.records import CaseFlag, FlagStatus
from marac_desktop.errors import UserFacingError
from marac_desktop.services import records

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

MAX_SINGLE_LOOKUPS = 50


def _open_flag_cases(workspace: Workspace, wanted: int) -> dict[CaseId, str]:
    """References of every case with an open flag, in one query.

    Sorted by open flags, most first, the first ``wanted`` cases of the list are exactly those
    with at least one open flag (``wanted`` being how many distinct cases the open flags name).
    """
    if not wanted:
        return {}
    rows = records.case_page(workspace, "", 0, wanted, "open_flags", descending=True)
    return {row.id: row.reference for row in rows if row.open_flags}


def about_labels(
    workspace: Workspace, flags: Sequence[CaseFlag]
) -> dict[tuple[CaseId | None, PersonId | None], str]:
    """A label per (case, person) named by the flags; falls back to the id when unreadable."""
    open_cases = {f.case_id for f in flags if f.case_id is not None and f.status is FlagStatus.OPEN}
    labels: dict[tuple[CaseId | None, PersonId | None], str] = {}
    try:
        references = _open_flag_cases(workspace, len(open_cases))
    except UserFacingError:
        references = {}
    lookups = 0
    for flag in flags:
        key = (flag.case_id, flag.person_id)
        if key in labels:
            continue
        if flag.case_id is not None:
            reference = references.get(flag.case_id)
            if reference is None and lookups < MAX_SINGLE_LOOKUPS:
                lookups += 1
                try:
                    reference = records.case_record(workspace, flag.case_id).reference
                except UserFacingError:
                    reference = None
            labels[key] = f"Case {reference}" if reference else f"Case number {flag.case_id}"
        elif flag.person_id is not None:
            try:
                person = records.get_person(workspace, flag.person_id)
                labels[key] = f"{person.details.display_name} (person)"
            except UserFacingError:
                labels[key] = f"Person number {flag.person_id}"
        else:
            labels[key] = "Not recorded"
    return labels
