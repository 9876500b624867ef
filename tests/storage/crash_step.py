"""Child process for the SIGKILL tests: run one account, rekey or restore step, killed midway.

Usage: crash_step.py DATABASE USER OPERATION TARGET WHEN NTH [ARG ...], passwords on stdin
(one a line: the signing-in password, then any the operation needs). TARGET is
``module:attribute`` (``module:Class.method`` for a method); the process kills itself with
SIGKILL just ``before`` or ``after`` the NTH call to it, so nothing after that point runs.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Any

from marac_desktop.domain.users import Role
from marac_desktop.services import access, backups, users


def _kill_at(target: str, when: str, nth: int) -> None:
    module_name, _, attribute = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    calls = 0

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if when == "before" and calls == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if when == "after" and calls == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapper)


def main() -> None:
    database, user, operation, target, when, nth, *extra = sys.argv[1:]
    password = sys.stdin.readline().rstrip("\n")
    if operation == "restore":
        backup = Path(extra[0])
        _kill_at(target, when, int(nth))
        backups.check_may_restore(backup, user, password)
        backups.restore(backup, Path(database))
        workspace = access.unlock(Path(database), user, password)
        backups.record_restore(workspace, backup)
        workspace.lock()
        return
    if operation == "unlock":  # an unlock that migrates, killed midway
        _kill_at(target, when, int(nth))
        access.unlock(Path(database), user, password).lock()
        return
    workspace = access.unlock(Path(database), user, password)
    _kill_at(target, when, int(nth))
    if operation == "add":
        users.add_user(workspace, extra[0], Role(extra[1]), sys.stdin.readline().rstrip("\n"))
    elif operation == "revoke":
        users.revoke_user(workspace, extra[0])
    elif operation == "passwd":
        users.change_own_password(workspace, password, sys.stdin.readline().rstrip("\n"))
    elif operation == "rekey":
        users.rekey(workspace)
    else:
        raise SystemExit(f"unknown operation {operation}")
    sys.stdout.write("finished\n")
    workspace.lock()


if __name__ == "__main__":
    main()
