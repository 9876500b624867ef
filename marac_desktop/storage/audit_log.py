"""The append-only, hash-chained audit log.

Each row's hash covers its own fields and the previous row's hash, so changing, removing or
reordering a row breaks the chain from that row on. Triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditEntry
from marac_desktop.storage.orm import AuditRow

GENESIS_HASH = "0" * 64


def _digest(prev_hash: str, row_id: int, fields: Sequence[str]) -> str:
    payload = "\x1f".join((prev_hash, str(row_id), *fields))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields(row: AuditRow) -> tuple[str, ...]:
    return (row.at, row.actor, row.action, row.target_type, row.target_id, row.outcome, row.detail)


def append(
    session: Session,
    actor: str,
    action: str,
    target_type: str = "",
    target_id: str = "",
    outcome: str = "ok",
    detail: str = "",
    at: datetime | None = None,
) -> None:
    """Add one row, chained to the last; call inside the transaction of the action itself."""
    last = session.execute(
        select(AuditRow.id, AuditRow.row_hash).order_by(AuditRow.id.desc()).limit(1)
    ).first()
    row_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    when = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    row = AuditRow(
        id=row_id,
        at=when,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        outcome=outcome,
        detail=detail,
        prev_hash=prev_hash,
        row_hash="",
    )
    row.row_hash = _digest(prev_hash, row_id, _fields(row))
    session.add(row)
    session.flush()


def verify_chain(session: Session) -> list[str]:
    """Problems found in the chain, each naming the row; empty when intact."""
    problems: list[str] = []
    expected_id, prev_hash = 1, GENESIS_HASH
    for row in session.scalars(select(AuditRow).order_by(AuditRow.id)):
        if row.id != expected_id:
            problems.append(f"audit row {expected_id} is missing (next row found is {row.id})")
        if row.prev_hash != prev_hash:
            problems.append(f"audit row {row.id} does not follow the row before it")
        if row.row_hash != _digest(row.prev_hash, row.id, _fields(row)):
            problems.append(f"audit row {row.id} was changed after it was written")
        expected_id, prev_hash = row.id + 1, row.row_hash
    return problems


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    rows = session.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(limit))
    return [
        AuditEntry(r.id, r.at, r.actor, r.action, r.target_type, r.target_id, r.outcome, r.detail)
        for r in rows
    ]


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRow)) or 0
