"""Failed unlock attempts: a growing delay per account, and a record for the audit log.

A failed attempt cannot write to the database (it has no key), so it is kept in a small
sidecar file holding only the time and the account name, and moved into the hash-chained
audit log at the next successful unlock. Each account waits only for its own failures:
guesses at another name, at a name that does not exist, or at the recovery code (its own
account, ``#recovery``) never delay anyone else. A name with no key slot is kept as
``unknown``, never as typed (it might be a password typed into the wrong box).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from marac_desktop.errors import CorruptDatabaseError, DatabaseNotFoundError, StorageWriteError
from marac_desktop.paths import keyslot_path, unlock_failures_path
from marac_desktop.storage import keyslots
from marac_desktop.storage.atomic import write_bytes_atomic
from marac_desktop.storage.keyslots import KeySlotFile

FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 60
UNKNOWN_ACCOUNT = "unknown"


@dataclass(frozen=True, slots=True)
class FailedAttempt:
    at: datetime
    account: str
    audited: bool = False
    """Already written to the audit log; kept only to go on delaying its account."""


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures: 0, 0, 2, 4, 8, ... 60."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return int(min(2 ** min(failures - FREE_ATTEMPTS, 30), MAX_DELAY_SECONDS))


def account_for(slots: KeySlotFile, name: str) -> str:
    """The account a guess counts against: the name if it has a key slot, else ``unknown``."""
    return name if slots.find(name) is not None else UNKNOWN_ACCOUNT


def account_for_name(database: Path, name: str) -> str:
    """``account_for`` from the key-slot file beside ``database`` (for the unlock window)."""
    try:
        slots = keyslots.read_slot_file(keyslot_path(database))
    except (CorruptDatabaseError, DatabaseNotFoundError, OSError):
        return UNKNOWN_ACCOUNT
    return account_for(slots, name)


def _attempt(item: dict[str, object]) -> FailedAttempt:
    at = datetime.fromisoformat(str(item["at"]))
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return FailedAttempt(at, str(item["account"]), bool(item.get("audited", False)))


def load(database: Path) -> list[FailedAttempt]:
    path = unlock_failures_path(database)
    try:
        items = json.loads(path.read_bytes())
        return [_attempt(item) for item in items]
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        # A damaged or unreadable record must not stop anyone unlocking; count it as one
        # failure of no account in particular.
        return [FailedAttempt(datetime.now(UTC), UNKNOWN_ACCOUNT)]


def _load_clamped(database: Path, moment: datetime) -> list[FailedAttempt]:
    """The attempts, with any dated after ``moment`` re-dated to it, and saved so.

    An attempt dated in the future (the clock was put back, or the file was edited) counts as
    made when it is first seen, so a clock change cannot make anyone wait longer than
    ``MAX_DELAY_SECONDS``; saving the new date keeps it from looking new again every second.
    """
    attempts = load(database)
    if all(a.at <= moment for a in attempts):
        return attempts
    clamped = [a if a.at <= moment else replace(a, at=moment) for a in attempts]
    with contextlib.suppress(StorageWriteError):  # still clamped for this answer
        _save(database, clamped)
    return clamped


def seconds_to_wait(database: Path, account: str, now: datetime | None = None) -> int:
    """How long ``account`` must wait before its next attempt, never above the maximum delay."""
    moment = now or datetime.now(UTC)
    attempts = [a for a in _load_clamped(database, moment) if a.account == account]
    if not attempts:
        return 0
    last = max(a.at for a in attempts)
    ready = last.timestamp() + delay_after(len(attempts))
    remaining = ready - moment.timestamp()
    return max(0, min(MAX_DELAY_SECONDS, int(remaining + 0.999)))


def wait_sentence(account: str, seconds: int) -> str:
    who = (
        "this user name"
        if account == UNKNOWN_ACCOUNT
        else "the recovery code"
        if account == keyslots.RECOVERY_SLOT
        else f"the account {account}"
    )
    return f"Too many unsuccessful attempts for {who}: wait {seconds} seconds and try again."


def _save(database: Path, attempts: list[FailedAttempt]) -> None:
    path = unlock_failures_path(database)
    if not attempts:
        path.unlink(missing_ok=True)
        return
    payload = [
        {"at": a.at.isoformat(), "account": a.account, **({"audited": True} if a.audited else {})}
        for a in attempts
    ]
    write_bytes_atomic(path, json.dumps(payload).encode("utf-8"))


def record(database: Path, account: str) -> None:
    moment = datetime.now(UTC)
    _save(database, [*_load_clamped(database, moment), FailedAttempt(moment, account)])


def to_audit(database: Path) -> list[FailedAttempt]:
    """The attempts not yet in the audit log."""
    return [a for a in load(database) if not a.audited]


def signed_in(database: Path, account: str) -> None:
    """After a successful unlock as ``account``: its failures end; others' keep delaying them.

    Every attempt has entered the audit log by now, so the others are kept marked as audited.
    The unlock has succeeded already, so a sidecar that cannot be written does not undo it.
    """
    kept = [replace(a, audited=True) for a in load(database) if a.account != account]
    with contextlib.suppress(StorageWriteError, OSError):
        _save(database, kept)


def clear(database: Path) -> None:
    unlock_failures_path(database).unlink(missing_ok=True)
