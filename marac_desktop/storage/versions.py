"""Edits saved side by side: a save names the version it was made from, and is refused when
someone else has saved a newer one since (``domain/edits.py`` words the refusal).

The check and the raise are one statement, ``UPDATE ... SET version = version + 1 WHERE
version = :seen``: on PostgreSQL its row lock makes a second desk's save wait for the first
and then find the version moved on; the file takes one writer at a time anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, inspect, select, update
from sqlalchemy.orm import Session

from marac_desktop.domain.edits import SAVE_AGAIN, Edited, stale_sentence
from marac_desktop.errors import InvalidInputError, StaleEditError
from marac_desktop.storage.orm import (
    ActionRow,
    AssessmentRow,
    CaseRow,
    EditedRow,
    FlagRow,
    InterventionRow,
    MeetingCaseRow,
    MeetingRow,
    PerpetratorActionRow,
    PersonRow,
)

TABLES: dict[Edited, type[EditedRow]] = {
    Edited.PERSON: PersonRow,
    Edited.CASE: CaseRow,
    Edited.CHECKLIST: AssessmentRow,
    Edited.ACTION: ActionRow,
    Edited.MEETING: MeetingRow,
    Edited.MEETING_CASE: MeetingCaseRow,
    Edited.FLAG: FlagRow,
    Edited.INTERVENTION: InterventionRow,
    Edited.PERPETRATOR_ACTION: PerpetratorActionRow,
}


def _where(row_class: type[EditedRow], key: object) -> ColumnElement[bool]:
    columns = inspect(row_class).primary_key
    values: Sequence[object] = key if isinstance(key, tuple) else (key,)
    return and_(*(column == value for column, value in zip(columns, values, strict=True)))


def save_edit(
    session: Session,
    what: Edited,
    key: object,
    seen: int | None,
    editor: str,
    then: str = SAVE_AGAIN,
) -> int:
    """Mark the row (primary key ``key``) as changed by ``editor`` now, and return its new
    version; refuse in one sentence (ending ``then``) if its version is no longer ``seen``
    (None: not read in a form, so nothing to compare)."""
    row_class = TABLES[what]
    where = _where(row_class, key)
    if seen is not None:
        where = and_(where, row_class.version == seen)
    raised = session.execute(
        update(row_class)
        .where(where)
        .values(
            version=row_class.version + 1, changed_by=editor[:100], changed_at=datetime.now(UTC)
        )
        .returning(row_class.version)
    ).scalar()
    if raised is not None:
        return int(raised)
    now = session.execute(
        select(row_class.version, row_class.changed_by, row_class.changed_at).where(
            _where(row_class, key)
        )
    ).one_or_none()
    if now is None:
        raise InvalidInputError(f"That {what.value} no longer exists.")
    sentence = stale_sentence(what, now.changed_by, now.changed_at, then=then)
    raise StaleEditError(sentence, now.version)
