"""Failed unlock attempts: a growing delay, and a record that enters the audit log later.

A failed attempt cannot write to the database (it has no key), so it is kept in a small
sidecar file holding only the time and the account name, and moved into the hash-chained
audit log at the next successful unlock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from marac_desktop.errors import CorruptDatabaseError
from marac_desktop.paths import unlock_failures_path
from marac_desktop.storage.atomic import write_bytes_atomic

FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 60


@dataclass(frozen=True, slots=True)
class FailedAttempt:
    at: datetime
    account: str


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures: 0, 0, 2, 4, 8, ... 60."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return int(min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS))


def load(database: Path) -> list[FailedAttempt]:
    path = unlock_failures_path(database)
    try:
        items = json.loads(path.read_bytes())
        return [FailedAttempt(datetime.fromisoformat(i["at"]), str(i["account"])) for i in items]
    except FileNotFoundError:
        return []
    except OSError:  # a folder, or a file this account may not read
        raise CorruptDatabaseError(
            f"{path.name}, the record of failed sign-ins beside the database, cannot be read; "
            "move it out of the way and try again."
        ) from None
    except (ValueError, KeyError, TypeError):
        # A damaged record must not stop anyone unlocking; count it as one failure.
        return [FailedAttempt(datetime.now(UTC), "unknown")]


def seconds_to_wait(database: Path, now: datetime | None = None) -> int:
    attempts = load(database)
    if not attempts:
        return 0
    ready = attempts[-1].at.timestamp() + delay_after(len(attempts))
    remaining = ready - (now or datetime.now(UTC)).timestamp()
    return max(0, int(remaining + 0.999))


def record(database: Path, account: str) -> None:
    attempts = [*load(database), FailedAttempt(datetime.now(UTC), account)]
    payload = [{"at": a.at.isoformat(), "account": a.account} for a in attempts]
    write_bytes_atomic(unlock_failures_path(database), json.dumps(payload).encode("utf-8"))


def clear(database: Path) -> None:
    unlock_failures_path(database).unlink(missing_ok=True)
