"""``move-to-server``: an encrypted file into an empty server database, all or nothing, proved."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.users import Role
from marac_desktop.errors import (
    DatabaseExistsError,
    InvalidInputError,
    PermissionDeniedError,
    UserFacingError,
    WrongPasswordError,
)
from marac_desktop.services import (
    access,
    actions,
    backups,
    demo,
    meeting_list,
    meeting_mode,
    meetings,
    performance,
    records,
    server_access,
    server_move,
    users,
)
from marac_desktop.services.server_move import MoveCheckError, MoveReport
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import server_copy, settings_repo
from marac_desktop.storage.server_address import ServerAddress
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user
from tests.pg_cluster import EmptyDatabase
from tests.server.conftest import password_of
from tests.server.test_server_commands import _url
from tests.unit.test_cli import run

TODAY = date(2026, 3, 2)
FROM, TO = date(2016, 3, 1), TODAY


@pytest.fixture
def demo_file(db_path: Path) -> Path:
    """A small demo file with a held meeting, an action, an IDVA and a revoked account."""
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        demo.generate(ws, 40, seed=3, today=TODAY)
        add_user(ws, "ivy", Role.IDVA)
        add_user(ws, "rex", Role.COORDINATOR)
        users.revoke_user(ws, "rex")
        day = next(
            r.meeting_day
            for n in range(1, 40)
            for r in records.case_record(ws, CaseId(n)).referrals
            if r.meeting_day
        )
        meeting = meetings.create_meeting(
            ws,
            datetime.combine(day, datetime.min.time()) + timedelta(hours=10),
            "Hall",
            False,
            "Chair",
            "Area",
            today=day - timedelta(days=30),
        )
        meeting_list.add_case(ws, meeting.id, CaseId(2))
        meeting_mode.mark_heard(ws, meeting.id, CaseId(2), now=meeting.starts_at)
        actions.add_action(ws, meeting.id, CaseId(2), "police", "Visit", "PC Test", day)
        meetings.close_meeting(ws, meeting.id, today=day)
    finally:
        ws.close()
    return db_path


def _fingerprint(path: Path) -> dict[str, str]:
    files = sorted(p for p in path.parent.iterdir() if p.is_file())
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _address(empty: EmptyDatabase) -> ServerAddress:
    cluster = empty.cluster
    return ServerAddress(str(cluster.sockets), cluster.port, empty.name, empty.owner)


def _move(path: Path, empty: EmptyDatabase) -> MoveReport:
    return server_move.move_to_server(
        path, ADMIN, ADMIN_PASSWORD, _address(empty), empty.owner_password
    )


def _sign_in(empty: EmptyDatabase, user: str = ADMIN, password: str = ADMIN_PASSWORD) -> Workspace:
    return server_access.sign_in(_address(empty), user, password)


def _left_on_server(empty: EmptyDatabase) -> tuple[list[str], list[str]]:
    """The tables in the database, and the roles besides the owner and the cluster's own."""
    with empty.connect() as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        roles = connection.execute(
            "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%%' "
            "AND rolname NOT IN (current_user, 'postgres') AND NOT rolsuper"
        ).fetchall()
    return [str(t) for (t,) in tables], [str(r) for (r,) in roles]


def test_the_move_copies_every_table_and_proves_it(
    demo_file: Path, pg_empty: EmptyDatabase
) -> None:
    before = _fingerprint(demo_file)
    report = _move(demo_file, pg_empty)
    assert _fingerprint(demo_file) == before, "the file was only read"
    assert {c.table for c in report.tables} == {t.name for t in server_copy.copied_tables()}
    assert all(c.matches for c in report.tables)
    counts = {c.table: c.server.rows for c in report.tables}
    assert counts["cases"] == 40 and counts["meetings"] == 1 and counts["actions"] == 1
    assert counts["case_idvas"] > 0 and counts["person_match_keys"] > 0
    assert counts["report_stale"] > 0, "the file's stale marks move as they are"
    assert report.awaiting_password == ("ivy",) and report.revoked == ("rex",)
    text = " ".join(report.sentences())
    assert "checksum on the server equals the file's" in text
    assert "chain and signatures verify on the server" in text

    with pg_empty.connect() as connection:
        (last,) = connection.execute("SELECT last_value FROM case_numbers").fetchone() or (0,)
    assert last == 40, "case numbers continue from the file's counter"
    admin = _sign_in(pg_empty)
    try:
        assert admin.warnings == ()
        verified = backups.verify(admin)
        assert verified.ok, verified.problems
        assert verified.audit_rows == report.audit_rows + 1  # and this session's sign-in
        on_server = performance.performance_report(admin, FROM, TO, TODAY)
        case = records.open_case(admin, PersonDetails("Testmoved", "Ada"), today=TODAY)
        assert case.id == 41, "the sequences continue after the copied ids"
        assert records.case_references(admin, [case.id]) == {case.id: "C-000041"}
        meeting = meetings.create_meeting(
            admin, datetime(2026, 4, 1, 10), "Hall", False, "Chair", "Area", today=TODAY
        )
        assert meeting.id == 2
    finally:
        admin.close()
    in_file = access.unlock(demo_file, ADMIN, ADMIN_PASSWORD)
    try:
        assert performance.performance_report(in_file, FROM, TO, TODAY) == on_server
        assert on_server.totals.cases > 0
    finally:
        in_file.close()


def test_moved_accounts_wait_for_an_administrator_to_set_their_password(
    demo_file: Path, pg_empty: EmptyDatabase
) -> None:
    _move(demo_file, pg_empty)
    for name in ("ivy", "rex"):
        with pytest.raises(WrongPasswordError):
            _sign_in(pg_empty, name, password_of(name))
    admin = _sign_in(pg_empty)
    try:
        users.reset_password(admin, "ivy", "a brand new server phrase")
        with pytest.raises(UserFacingError, match="no active account called rex"):
            users.reset_password(admin, "rex", "a brand new server phrase")
    finally:
        admin.close()
    ivy = _sign_in(pg_empty, "ivy", "a brand new server phrase")
    try:
        assert ivy.warnings == () and ivy.user is not None and ivy.user.role is Role.IDVA
        records.open_case(ivy, PersonDetails("Testivy", "Bo"), today=TODAY)
    finally:
        ivy.close()
    admin = _sign_in(pg_empty)
    try:
        assert backups.verify(admin).ok
    finally:
        admin.close()


def test_a_failure_midway_leaves_the_server_empty(
    demo_file: Path, pg_empty: EmptyDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = server_copy.copy_table
    copied: list[str] = []

    def fail_at_referrals(source: Any, target: Any, table: Any) -> Any:
        if table.name == "referrals":
            raise OSError("the network went away")
        copied.append(table.name)
        return real(source, target, table)

    monkeypatch.setattr(server_copy, "copy_table", fail_at_referrals)
    with pytest.raises(OSError):
        _move(demo_file, pg_empty)
    assert "cases" in copied and "audit_log" in copied, "it failed midway"
    assert _left_on_server(pg_empty) == ([], [])
    monkeypatch.setattr(server_copy, "copy_table", real)
    assert all(c.matches for c in _move(demo_file, pg_empty).tables), "a second try succeeds"


def test_a_row_changed_on_the_way_is_caught_and_nothing_is_kept(
    demo_file: Path, pg_empty: EmptyDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = server_copy._server_row

    def altered(row: Any, timed: Any) -> list[object]:
        return ["Testchanged" if v == "Chair" else v for v in real(row, timed)]

    monkeypatch.setattr(server_copy, "_server_row", altered)
    with pytest.raises(MoveCheckError) as caught:
        _move(demo_file, pg_empty)
    assert caught.value.problems == ("the table meetings holds other values on the server",)
    assert _left_on_server(pg_empty) == ([], [])


def test_a_lost_row_is_caught(
    demo_file: Path, pg_empty: EmptyDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = server_copy.copy_table

    def drop_match_keys(source: Any, target: Any, table: Any) -> Any:
        if table.name == "person_match_keys":
            return server_copy.checksum(source, table)  # counted in the file, never copied
        return real(source, target, table)

    monkeypatch.setattr(server_copy, "copy_table", drop_match_keys)
    with pytest.raises(MoveCheckError) as caught:
        _move(demo_file, pg_empty)
    (problem,) = caught.value.problems
    assert problem.startswith("the table person_match_keys holds ")
    assert problem.endswith(" rows in the file and 0 on the server")
    assert _left_on_server(pg_empty) == ([], [])


def test_a_database_set_up_already_is_refused(demo_file: Path, pg_empty: EmptyDatabase) -> None:
    server_access.init_server(
        _address(pg_empty), pg_empty.owner, pg_empty.owner_password, "boss", ADMIN_PASSWORD
    )
    before = _fingerprint(demo_file)
    with pytest.raises(DatabaseExistsError, match="already holds tables, so nothing was copied"):
        _move(demo_file, pg_empty)
    assert _fingerprint(demo_file) == before


def test_only_a_file_administrator_may_move_it(demo_file: Path, pg_empty: EmptyDatabase) -> None:
    password = password_of("ivy")
    with pytest.raises(PermissionDeniedError, match="Only an administrator"):
        server_move.move_to_server(
            demo_file, "ivy", password, _address(pg_empty), pg_empty.owner_password
        )
    with pytest.raises(WrongPasswordError):
        server_move.move_to_server(
            demo_file, ADMIN, "not the password", _address(pg_empty), pg_empty.owner_password
        )
    assert _left_on_server(pg_empty) == ([], [])


def test_move_to_server_from_the_command_line(
    demo_file: Path,
    pg_empty: EmptyDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    command = [
        "move-to-server",
        "--db",
        str(demo_file),
        "--to",
        _url(pg_empty, pg_empty.owner),
        "--user",
        ADMIN,
        "--password-stdin",
    ]
    code, out, err = run(monkeypatch, capsys, command, [ADMIN_PASSWORD, pg_empty.owner_password])
    assert code == 0, err
    assert isinstance(out, dict) and out["server"] == "marac_test on this computer"
    assert out["tables"]["cases"] == {"file": 40, "server": 40, "checksums_match": True}
    assert "checksum on the server equals the file's" in err
    code, _, err = run(monkeypatch, capsys, command, [ADMIN_PASSWORD, pg_empty.owner_password])
    assert code == 1 and err.count("\n") == 1 and "already holds tables" in err


def test_text_keys_are_checksummed_in_one_order_whatever_the_server_collates_by(
    db_path: Path, pg_empty: EmptyDatabase
) -> None:
    """PostgreSQL orders text by the database's collation (here ICU's English: a, B, é, z);
    SQLite by code point (B, a, z, é). The checksums must not depend on it."""
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.transaction() as session:
            for key in ("z-test", "B-test", "a-test", "é-test"):
                settings_repo.store(session, key, 1)
    finally:
        ws.close()
    with pg_empty.cluster.connect() as connection:
        connection.execute(
            f'CREATE DATABASE marac_icu OWNER "{pg_empty.owner}" TEMPLATE template0 '
            "LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' LOCALE 'C.UTF-8'"
        )
    cluster = pg_empty.cluster
    address = ServerAddress(str(cluster.sockets), cluster.port, "marac_icu", pg_empty.owner)
    report = server_move.move_to_server(
        db_path, ADMIN, ADMIN_PASSWORD, address, pg_empty.owner_password
    )
    assert all(c.matches for c in report.tables)


def test_an_owner_who_may_not_create_roles_is_told_so(
    demo_file: Path, pg_empty: EmptyDatabase
) -> None:
    with pg_empty.cluster.connect() as connection:
        connection.execute(f'ALTER ROLE "{pg_empty.owner}" NOCREATEROLE')
    with pytest.raises(PermissionDeniedError, match="may not create login roles"):
        _move(demo_file, pg_empty)
    assert _left_on_server(pg_empty) == ([], [])


def test_a_file_with_a_table_this_version_does_not_know_is_refused(
    db_path: Path, pg_empty: EmptyDatabase
) -> None:
    ws = access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.transaction() as session:
            session.execute(sa.text("CREATE TABLE test_extra (id INTEGER PRIMARY KEY)"))
    finally:
        ws.close()
    with pytest.raises(InvalidInputError, match="holds tables this version does not know"):
        _move(db_path, pg_empty)
    assert _left_on_server(pg_empty) == ([], [])
