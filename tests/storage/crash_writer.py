"""Child process for the SIGKILL test: commit audited writes forever, acknowledging each."""

from __future__ import annotations

import sys
from pathlib import Path

from marac_desktop.domain.audit import AuditAction
from marac_desktop.services import access


def main() -> None:
    database, user, password = Path(sys.argv[1]), sys.argv[2], sys.stdin.readline().strip()
    workspace = access.unlock(database, user, password)
    number = 0
    while True:
        number += 1
        workspace.audit(AuditAction.CHANGE, "crash-test", str(number))
        sys.stdout.write(f"{number}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
