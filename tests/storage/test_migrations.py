"""Every released schema upgrades to the current one on unlock, with a backup taken first."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.meetings import MeetingStatus
from marac_desktop.domain.progress import Progress
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.paths import backup_dir, keyslot_path
from marac_desktop.services import (
    access,
    actions,
    agenda_view,
    assessments,
    audit,
    backups,
    meeting_mode,
    meetings,
    people_matching,
    performance,
    records,
    users,
)
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import audit_log, keyslots, migrate
from marac_desktop.storage.database import EncryptedDatabase

FIXTURES = Path(__file__).with_name("fixtures")
RELEASED = {
    "schema_0001": ("admin", "fixture lantern phrase", {"admin", "fixture.idva"}),
    "schema_0002": ("admin", "fixture lantern phrase", {"admin", "fixture.idva"}),
    "schema_0003": ("admin", "fixture lantern phrase", {"admin", "fixture.idva"}),
    "schema_0004": ("admin", "fixture lantern phrase", {"admin", "fixture.idva"}),
    "schema_0005": ("admin", "fixture lantern phrase", {"admin", "fixture.idva"}),
    "schema_0008": ("admin", "fixture lantern phrase", {"admin", "fixture.idva"}),
}


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_schema_upgrades(name: str, tmp_path: Path) -> None:
    user, password, accounts = RELEASED[name]
    copy = tmp_path / name
    shutil.copytree(FIXTURES / name, copy)
    ws = access.unlock(copy / "marac.db", user, password)
    try:
        assert ws.database.schema_revision() == migrate.head_revision()
        assert {u.username for u in users.list_users(ws)} == accounts
        assert backups.verify(ws).ok
        whole = (date(2000, 1, 1), date(2030, 12, 31))
        heard = 1 if name >= "schema_0005" else 0
        assert performance.performance_report(ws, *whole).totals.cases == heard
        if "schema_0004" <= name < "schema_0005":
            # The report counts follow changes made after the upgrade (triggers of 0005).
            (meeting,) = meetings.list_meetings(ws)
            meeting_mode.mark_heard(ws, meeting.id, CaseId(1), now=meeting.starts_at)
            assert performance.performance_report(ws, *whole).totals.cases == 0  # not closed
            meetings.close_meeting(ws, meeting.id, today=meeting.day)
            assert performance.performance_report(ws, *whole).totals.cases == 1
        if name >= "schema_0004":
            (meeting,) = meetings.list_meetings(ws)
            assert [r.reference for r in agenda_view.meeting_view(ws, meeting.id).rows] == ["M1-01"]
            assert [a.action.what for a in actions.list_actions(ws)] == ["Fixture action"]
        if name >= "schema_0005":
            idva = IdvaAllocation("Fixture Adviser", date(2025, 1, 6))
            assert records.case_record(ws, CaseId(1)).idva == idva
            assert performance.performance_report(ws, *whole).totals.with_idva == 1
        if name >= "schema_0003":
            record = records.case_record(ws, CaseId(1))
            assert record.victim.details.aliases[0].given_names == "Ada"
            # Migration 0011 filed everyone under their keys: found by alias, and matched.
            alias = record.victim.details.aliases[0]
            found = records.case_page(ws, f"{alias.given_names} {alias.family_name}", 0, 5)
            assert [(r.id, r.found_by) for r in found] == [(CaseId(1), "victim")]
            (best, *_) = people_matching.find_candidates(ws, record.victim.details)
            assert best.person.id == record.victim.id
            assert [p.role.value for p in record.parties] == ["victim", "perpetrator"]
            referrals = {r.id: r for r in record.referrals}
            assert len(record.incidents) == 1 and len(referrals) == (
                2 if name >= "schema_0008" else 1
            )
            # Migration 0006: the agencies and the relationship typed then are codes now.
            assert referrals[1].referring_agency == "police"
            assert record.incidents[0].source_agency == "police"
            assert [p.relationship for p in record.parties] == ["", "ex_partner"]
        if name >= "schema_0008":
            # Typed words kept beside the "other" code; the meeting the coordinator closed.
            (typed,) = [r for r in records.case_record(ws, CaseId(1)).referrals if r.id == 2]
            assert (typed.referring_agency, typed.referring_agency_detail) == (
                "other",
                "Neighbourhood support group",
            )
            assert backups.verify(ws).ok  # the signed rows after 0008 check out
            (meeting,) = meetings.list_meetings(ws)
            assert meeting.status is MeetingStatus.HELD
        elif name == "schema_0002":
            history = assessments.level_history(ws, CaseId(1))
            assert [(p.level, p.status.value) for p in history] == [
                ("high", "completed"),
                ("standard", "draft"),
            ]
            record = assessments.get(ws, history[0].id)
            assert record.main.notes["q1"].comment == "fixture note"
    finally:
        ws.close()


def test_a_meeting_held_before_its_day_goes_back_to_planned(tmp_path: Path) -> None:
    """Versions before 0007 marked a meeting held when one case was heard, even weeks ahead."""
    user, password, _ = RELEASED["schema_0005"]
    copy = tmp_path / "schema_0005"
    shutil.copytree(FIXTURES / "schema_0005", copy)
    ahead = date.today() + timedelta(days=14)
    database = access._open_database(copy / "marac.db", user, password).database
    try:
        with database.transaction() as session:
            session.execute(
                text("UPDATE meetings SET starts_at = :at"), {"at": f"{ahead} 10:00:00.000000"}
            )
            session.execute(text("UPDATE referrals SET meeting_day = :day"), {"day": str(ahead)})
        assert database.schema_revision() == "0005"
    finally:
        database.close()
    ws = access.unlock(copy / "marac.db", user, password)
    try:
        (meeting,) = meetings.list_meetings(ws)
        assert meeting.status is MeetingStatus.PLANNED
        assert agenda_view.meeting_view(ws, meeting.id).rows[0].heard  # kept, counted once closed
        whole = (date(2000, 1, 1), ahead + timedelta(days=365))
        assert performance.performance_report(ws, *whole).totals.cases == 0
        meetings.close_meeting(ws, meeting.id, today=ahead)
        assert performance.performance_report(ws, *whole).totals.cases == 1
    finally:
        ws.close()


def test_backup_is_taken_before_a_migration(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    upgraded: list[bool] = []
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")

    def upgrade(
        self: EncryptedDatabase,
        record: Callable[[Session], None] | None = None,
        progress: Progress | None = None,
    ) -> None:
        upgraded.append(True)
        if record is not None:
            with self.transaction() as session:
                record(session)

    monkeypatch.setattr(EncryptedDatabase, "upgrade_schema", upgrade)
    ws = access.unlock(db_path, "admin", "quiet lantern test phrase")
    try:
        made = list(backup_dir(db_path).glob("*before-upgrade-from-*.maracbak"))
        assert len(made) == 1 and upgraded == [True]
        assert any(e.action == "migrate" for e in audit.recent_entries(ws))
    finally:
        ws.close()


def test_the_report_triggers_are_there_at_head(admin: Workspace) -> None:
    """A later migration that rebuilds one of these tables must create its triggers again
    (the report's, and those keeping each case's last referral, 0009)."""
    with admin.transaction() as session:
        names = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    expected = {"audit_log_no_update", "audit_log_no_delete"}
    for table in ("case_people", "case_idvas", "referrals", "assessments", "meeting_cases"):
        expected |= {f"report_stale_{table}_{event}" for event in ("insert", "update", "delete")}
    expected |= {"report_stale_cases_update", "report_stale_cases_delete"}
    expected |= {"report_stale_people_update", "report_stale_people_delete"}
    expected |= {f"report_stale_meetings_{event}" for event in ("insert", "update", "delete")}
    expected |= {f"cases_last_referral_{event}" for event in ("insert", "update", "delete")}
    assert names == expected


def test_a_migration_and_its_audit_row_commit_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the audit row of a migration cannot be written, the migration is not applied either."""
    copy = tmp_path / "schema_0005"
    shutil.copytree(FIXTURES / "schema_0005", copy)
    database_path = copy / "marac.db"
    real_append = audit_log.append

    def failing_append(session: Session, actor: str, action: str, *args: Any, **kw: Any) -> Any:
        if action == "migrate":
            raise RuntimeError("killed before the audit row")
        return real_append(session, actor, action, *args, **kw)

    monkeypatch.setattr(audit_log, "append", failing_append)
    with pytest.raises(RuntimeError):
        access.unlock(database_path, "admin", "fixture lantern phrase")
    slots = keyslots.read_slot_file(keyslot_path(database_path))
    admin_slot = slots.find("admin")
    assert admin_slot is not None
    key = keyslots.open_slot(admin_slot, "fixture lantern phrase", slots.database_key_id)
    database = EncryptedDatabase(database_path, key)
    try:
        assert database.schema_revision() == "0005"
    finally:
        database.close()
    monkeypatch.setattr(audit_log, "append", real_append)
    ws = access.unlock(database_path, "admin", "fixture lantern phrase")
    try:
        assert ws.database.schema_revision() == migrate.head_revision()
        migrations = [e.detail for e in audit.recent_entries(ws) if e.action == "migrate"]
        assert migrations.count(f"schema 0005 -> {migrate.head_revision()}") == 1
        assert backups.verify(ws).ok
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("target", "when"),
    [
        ("alembic.command:upgrade", "after"),  # schema changed, audit row not yet written
        ("marac_desktop.storage.audit_log:append", "after"),  # row written, not committed
        ("marac_desktop.storage.migrate:upgrade", "after"),  # committed, unlock not finished
    ],
)
def test_a_migration_killed_midway_commits_with_its_audit_row_or_not_at_all(
    tmp_path: Path, target: str, when: str
) -> None:
    from tests.storage.attack_helpers import run_killed

    copy = tmp_path / "schema_0005"
    shutil.copytree(FIXTURES / "schema_0005", copy)
    database = copy / "marac.db"
    assert run_killed(database, "admin", "unlock", target, when, 1, ["fixture lantern phrase"])
    ws = access.unlock(database, "admin", "fixture lantern phrase")
    try:
        assert ws.warnings == ()
        assert ws.database.schema_revision() == migrate.head_revision()
        migrations = [e.detail for e in audit.recent_entries(ws) if e.action == "migrate"]
        assert migrations.count(f"schema 0005 -> {migrate.head_revision()}") == 1
        assert backups.verify(ws).ok
    finally:
        ws.close()
