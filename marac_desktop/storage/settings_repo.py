"""Area settings stored as JSON values by key."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marac_desktop.risk.policy import AreaPolicy
from marac_desktop.storage.orm import SettingRow

POLICY_KEY = "area_policy"


def load_all(session: Session) -> dict[str, Any]:
    return {row.key: json.loads(row.value) for row in session.scalars(select(SettingRow))}


def load(session: Session, key: str) -> Any:
    """One setting's value, or None when it was never stored."""
    row = session.get(SettingRow, key)
    return None if row is None else json.loads(row.value)


def store(session: Session, key: str, value: Any) -> None:
    row = session.get(SettingRow, key)
    encoded = json.dumps(value)
    if row is None:
        session.add(SettingRow(key=key, value=encoded))
    else:
        row.value = encoded


def area_policy(session: Session) -> AreaPolicy:
    """The area's thresholds, windows and minimum age (``AreaPolicy()`` defaults until changed;
    docs/architecture.md, "Where each rule lives").

    The one reading of the stored policy: the checklist, the flags, the meeting list, the
    report counts and the dialogs that mention a window or an age all come here.
    """
    stored = load(session, POLICY_KEY)
    return AreaPolicy.from_mapping(stored) if stored else AreaPolicy()
