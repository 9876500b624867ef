from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from marac_desktop.domain.audit import AuditEntry
from marac_desktop.domain.audit_references import lines
from marac_desktop.domain.users import Role, User, UserId

from marac_desktop.ui.models.audit_table_model import (
    COL_ACTION,
    COL_DETAIL,
    COL_TARGET,
    AuditTableModel,
)
from marac_desktop.ui.models.user_table_model import (
    COL_ROLE,
    COL_STATUS,
    ROW_ROLE,
    UserTableModel,
)

CREATED = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
USERS = [
    User(UserId(1), "admin", "Alex Admin", Role.ADMIN, True, CREATED),
    User(UserId(2), "idva.two", "Sam Idva", Role.IDVA, False, CREATED, CREATED),
]
ENTRIES = [
    AuditEntry(
        1, "2026-01-05T09:30:00+00:00", "admin", "create_database", "database", "", "ok", ""
    ),
    AuditEntry(2, "2026-01-05T09:31:00+00:00", "admin", "user_added", "user", "2", "ok", "idva"),
    AuditEntry(3, "2026-01-05T09:32:00+00:00", "admin", "view", "case", "302", "ok", ""),
    AuditEntry(
        4, "2026-01-05T09:33:00+00:00", "cora", "change", "meeting", "4", "ok", "added case 7"
    ),
]


def test_user_model(qtmodeltester) -> None:
    model = UserTableModel()
    model.set_rows(USERS)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert model.headerData(0, Qt.Orientation.Horizontal) == "User name"
    assert model.index(0, COL_ROLE).data() == "Administrator"
    assert model.index(1, COL_STATUS).data().startswith("Revoked ")
    assert model.index(1, 0).data(ROW_ROLE) is USERS[1]


def test_audit_model(qtmodeltester) -> None:
    model = AuditTableModel()
    model.set_rows(lines(ENTRIES, {302: "C-000302"}))
    qtmodeltester.check(model)
    assert model.index(0, COL_ACTION).data() == "create database"
    assert model.index(1, COL_TARGET).data() == "user 2"
    assert model.index(1, COL_TARGET).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(2, COL_TARGET).data() == "case C-000302"
    assert model.index(2, COL_TARGET).data(Qt.ItemDataRole.ToolTipRole) == "Recorded as: case 302"
    assert model.index(3, COL_DETAIL).data() == "added case 7"  # no such case: as recorded
    model.set_rows([])
    assert model.rowCount() == 0
