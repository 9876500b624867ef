"""Which case or person each flag is about, in words (case references and people's names)."""

from __future__ import annotations

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.services.flags import QueueRow

NOT_RECORDED = "Not recorded"


def _case_label(case_id: CaseId, reference: str | None, word: str = "Case") -> str:
    return f"{word} {reference}" if reference else f"{word} number {case_id}"


def about_label(row: QueueRow) -> str:
    """ "Case C-000123"; a flag about a person reads "Name (person)", then the case it was
    raised on if any. Worked out from the row alone (its reference and name come with it), and
    falls back to the number when the case or person is gone."""
    flag = row.flag
    if flag.person_id is None:
        return _case_label(flag.case_id, row.case_reference) if flag.case_id else NOT_RECORDED
    if row.person_family_name is None or row.person_given_names is None:
        label = f"Person number {flag.person_id}"
    else:
        name = PersonDetails(row.person_family_name, row.person_given_names).display_name
        label = f"{name} (person)"
    if flag.case_id is not None:
        label += f", raised on {_case_label(flag.case_id, row.case_reference, 'case')}"
    return label
