"""The unlock throttle, attacked: guesses at one name must not lock anyone else out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from marac_desktop.domain.users import Role
from marac_desktop.errors import WrongPasswordError
from marac_desktop.paths import unlock_failures_path
from marac_desktop.services import access, unlock_failures
from marac_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD, add_user

GUESSES = 6  # enough to reach a delay several times over


def _guess(db_path: Path, name: str, times: int = GUESSES) -> None:
    for _ in range(times):
        with pytest.raises(WrongPasswordError):
            access.unlock(db_path, name, "a wrong guess at it")


@pytest.fixture
def ivy(admin: Workspace) -> str:
    return add_user(admin, "ivy", Role.IDVA)


def test_guesses_at_other_names_do_not_delay_the_right_password(db_path: Path, ivy: str) -> None:
    _guess(db_path, "nobody")  # a name with no account
    _guess(db_path, "ivy")  # another real account
    assert unlock_failures.seconds_to_wait(db_path, "ivy") > 0
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()  # admin is not made to wait
    with pytest.raises(WrongPasswordError, match=r"for the account ivy: wait \d+ seconds"):
        access.unlock(db_path, "ivy", ivy)  # ivy's own guesses still delay ivy
    with pytest.raises(WrongPasswordError, match=r"for this user name: wait"):
        access.unlock(db_path, "nobody-else", "whatever it is")


def test_guesses_at_the_recovery_code_delay_only_the_recovery_code(db_path: Path) -> None:
    for _ in range(GUESSES):
        with pytest.raises(WrongPasswordError):
            access.unlock_with_recovery(db_path, "AAAA-BBBB-CCCC-DDDD")
    assert unlock_failures.seconds_to_wait(db_path, "#recovery") > 0
    with pytest.raises(WrongPasswordError, match="for the recovery code: wait"):
        access.unlock_with_recovery(db_path, "AAAA-BBBB-CCCC-DDDD")
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()


def test_recovery_code_works_while_the_admin_is_throttled(tmp_path: Path) -> None:
    db = tmp_path / "r" / "marac.db"
    code = access.create_database(db, ADMIN, ADMIN_PASSWORD)
    _guess(db, ADMIN)
    assert unlock_failures.seconds_to_wait(db, ADMIN) > 0
    access.unlock_with_recovery(db, code).close()  # no wait for the recovery code


def test_a_success_keeps_delaying_the_account_that_was_guessed_at(db_path: Path, ivy: str) -> None:
    _guess(db_path, "ivy")
    guessed = datetime.now(UTC)  # a slow machine must not let the wait run out meanwhile
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()
    assert (
        unlock_failures.seconds_to_wait(db_path, "ivy", now=guessed) > 0
    )  # not reset by admin's sign-in
    assert unlock_failures.to_audit(db_path) == []  # but each failure is audited only once


def test_future_dated_entries_never_ask_for_more_than_the_maximum_delay(db_path: Path) -> None:
    future = datetime(2999, 1, 1, tzinfo=UTC)
    entries = [
        {"at": (future + timedelta(seconds=n)).isoformat(), "account": ADMIN} for n in range(40)
    ]
    unlock_failures_path(db_path).write_text(json.dumps(entries), encoding="utf-8")
    now = datetime.now(UTC)
    wait = unlock_failures.seconds_to_wait(db_path, ADMIN, now=now)
    assert 0 < wait <= unlock_failures.MAX_DELAY_SECONDS
    with pytest.raises(WrongPasswordError, match=r"wait \d+ seconds") as refused:
        access.unlock(db_path, ADMIN, ADMIN_PASSWORD)
    seconds = int(str(refused.value).split("wait ")[1].split()[0])
    assert seconds <= unlock_failures.MAX_DELAY_SECONDS
    later = now + timedelta(seconds=unlock_failures.MAX_DELAY_SECONDS + 1)
    assert unlock_failures.seconds_to_wait(db_path, ADMIN, now=later) == 0  # the wait ends


def test_a_damaged_failures_file_is_one_failure_not_a_lockout(db_path: Path) -> None:
    unlock_failures_path(db_path).write_bytes(b"\x00not json")
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()
    unlock_failures_path(db_path).unlink(missing_ok=True)
    unlock_failures_path(db_path).mkdir()  # a folder where the file should be
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()
