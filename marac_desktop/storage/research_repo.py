"""Research returns in and out of the database (``research_returns``, migration 0017)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from marac_desktop.domain.research import ResearchReturn, ResearchStatus
from marac_desktop.storage.orm import ResearchReturnRow


def _return(row: ResearchReturnRow) -> ResearchReturn:
    return ResearchReturn(
        row.agency,
        ResearchStatus(row.status),
        row.returned_on,
        row.summary,
        row.risks,
        row.contact,
    )


def returns(session: Session, meeting_id: int) -> dict[tuple[int, str], ResearchReturn]:
    """(case id, agency code) -> what that agency has returned for that case."""
    rows = session.scalars(
        select(ResearchReturnRow).where(ResearchReturnRow.meeting_id == meeting_id)
    )
    return {(row.case_id, row.agency): _return(row) for row in rows}


def case_returns(session: Session, meeting_id: int, case_id: int) -> dict[str, ResearchReturn]:
    """Agency code -> what that agency has returned for one case on the list."""
    rows = session.scalars(
        select(ResearchReturnRow).where(
            ResearchReturnRow.meeting_id == meeting_id, ResearchReturnRow.case_id == case_id
        )
    )
    return {row.agency: _return(row) for row in rows}


def save_return(
    session: Session, meeting_id: int, case_id: int, answer: ResearchReturn, editor: str
) -> None:
    row = session.scalar(
        select(ResearchReturnRow).where(
            ResearchReturnRow.meeting_id == meeting_id,
            ResearchReturnRow.case_id == case_id,
            ResearchReturnRow.agency == answer.agency,
        )
    )
    if row is None:
        row = ResearchReturnRow(meeting_id=meeting_id, case_id=case_id, agency=answer.agency)
        session.add(row)
    else:
        row.version += 1
    row.status = answer.status.value
    row.returned_on = answer.returned_on
    row.summary = answer.summary
    row.risks = answer.risks
    row.contact = answer.contact
    row.changed_by = editor[:100]
    row.changed_at = datetime.now(UTC)
    session.flush()


def drop_returns(
    session: Session, meeting_id: int, case_id: int, keep: Sequence[str] | None = None
) -> None:
    """Forget the case's returns on this list, except those of the agencies in ``keep``."""
    where = [ResearchReturnRow.meeting_id == meeting_id, ResearchReturnRow.case_id == case_id]
    if keep is not None:
        where.append(ResearchReturnRow.agency.not_in(keep))
    session.execute(delete(ResearchReturnRow).where(*where))


def drop_meeting_returns(session: Session, meeting_id: int) -> None:
    session.execute(delete(ResearchReturnRow).where(ResearchReturnRow.meeting_id == meeting_id))
