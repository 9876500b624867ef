"""``verify`` as a command: name the damage even when the file is too damaged to unlock.

The password must open the account's key slot first. If the file then proves damaged (a page
fails its HMAC, the file is cut short, page 1 cannot be read), the report lists each fault and
nothing is written to the file: no unlock row, no audit row, no migration.
"""

from __future__ import annotations

from pathlib import Path

from marac_desktop.errors import DamagedDatabaseError
from marac_desktop.services import access, backups
from marac_desktop.services.backups import VerifyReport
from marac_desktop.storage import integrity
from marac_desktop.storage.database import EncryptedDatabase


def _refuse_damaged_pages(database: EncryptedDatabase) -> None:
    """The fast page check before the unlock writes; the full checks follow in ``verify``."""
    connection = database.engine.raw_connection()
    try:
        cursor = connection.cursor()
        problems = integrity.page_problems(cursor)
        if problems:
            raise integrity.damaged(problems + integrity.structure_problems(cursor))
    finally:
        connection.close()


def verify_file(path: Path, username: str, password: str) -> VerifyReport:
    """Unlock as ``username`` and verify; a damaged file gives its problems instead of an error."""
    try:
        workspace = access.unlock(path, username, password, before_writes=_refuse_damaged_pages)
    except DamagedDatabaseError as error:
        return VerifyReport(error.problems, 0)
    try:
        return backups.verify(workspace, pages_checked=True)
    finally:
        workspace.lock()
