"""``move-to-server``: an encrypted file, every table of it, into an empty partnership database.

Run by a file administrator together with the server database's owner (named in the address,
as for ``server init``). In one server transaction it creates what ``server init`` would (the
schema, the group roles, the grants and functions), copies every row as it is, gives each
account a login role, moves the sequences past the copied ids and turns the triggers back on;
then, still before anything is committed, it counts and checksums every table on both sides,
verifies the audit chain and signatures on the server and checks the server's protections.
Any error or difference rolls the whole transaction back, so the server is left as empty as
it was. The file is only read.

Accounts: the administrator running the move signs in to the server with the password they
just gave for the file (their signing key moves with them). Every other active account gets a
login role with no password, so nobody can sign in as it until an administrator sets one with
``user reset`` (docs/server.md, "Moving in"); a revoked account stays revoked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from marac_desktop.domain.users import Role, User
from marac_desktop.errors import InvalidInputError, PermissionDeniedError, UserFacingError
from marac_desktop.services import access, audit_witness
from marac_desktop.services.access import OpenedToRead
from marac_desktop.storage import (
    account_keys,
    audit_log,
    references,
    server_accounts,
    server_address,
    server_copy,
    server_roles,
    users_repo,
)
from marac_desktop.storage.audit_log import ChainCheck
from marac_desktop.storage.server_address import ServerAddress
from marac_desktop.storage.server_copy import TableSum
from marac_desktop.storage.server_database import ServerDatabase


class MoveCheckError(UserFacingError):
    """The copy did not prove equal to the file; nothing was committed on the server."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"The copy on the server did not match the file ({len(problems)} problem(s)), so "
            "nothing was kept on the server; the file is unchanged."
        )
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    file: TableSum
    server: TableSum

    @property
    def matches(self) -> bool:
        return self.file == self.server


@dataclass(frozen=True, slots=True)
class MoveReport:
    file: str
    server: str
    tables: tuple[TableCheck, ...]
    audit_rows: int
    audit_head: str
    signed_in: str
    """The administrator who ran the move, who signs in to the server with the file's password."""
    awaiting_password: tuple[str, ...]
    revoked: tuple[str, ...]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(check.server.rows for check in self.tables)

    def sentences(self) -> list[str]:
        moved = [
            f"Copied {self.rows:,} rows in {len(self.tables)} tables from {self.file} to "
            f"{self.server} in {self.seconds:.1f} s, as one transaction.",
            "Every table holds the same number of rows on both sides, and each table's "
            "checksum on the server equals the file's.",
            f"The audit log's chain and signatures verify on the server: {self.audit_rows:,} "
            f"rows, the last with hash {self.audit_head[:16]}..., as in the file.",
            f"{self.signed_in} signs in to the server with the password used for the file.",
        ]
        if self.awaiting_password:
            moved.append(
                f"{', '.join(self.awaiting_password)} cannot sign in until an administrator "
                "sets a new password for each ('marac-desktop user reset')."
            )
        if self.revoked:
            moved.append(f"{', '.join(self.revoked)} stayed revoked.")
        moved.append("The file was only read: it is unchanged.")
        return moved


def _check_owner_named(address: ServerAddress) -> None:
    if not address.user:
        raise InvalidInputError(
            "Name the database's owner in the address, as in "
            "postgresql://marac_owner@marac.example.org/marac."
        )
    server_roles.check_database_name(address.database)


def _problems(checks: list[TableCheck]) -> list[str]:
    problems = []
    for check in checks:
        if check.file.rows != check.server.rows:
            problems.append(
                f"the table {check.table} holds {check.file.rows} rows in the file and "
                f"{check.server.rows} on the server"
            )
        elif check.file.digest != check.server.digest:
            problems.append(f"the table {check.table} holds other values on the server")
    return problems


def _copy(
    source: Session, target: Session, opened: OpenedToRead, password: str, prefix: str
) -> tuple[dict[str, TableSum], list[User]]:
    """Everything into the server, in its transaction: the file's checksums and accounts."""
    server_copy.refuse_unless_empty(target, prefix)
    server_copy.create_schema(target, prefix)
    server_copy.set_triggers(target, enabled=False)
    file_sums = {
        table.name: server_copy.copy_table(source, target, table)
        for table in server_copy.copied_tables()
    }
    accounts = users_repo.all_users(source)
    me = opened.user.username
    for user in accounts:
        server_accounts.add_moved(
            target,
            prefix,
            user.username,
            user.role,
            user.active,
            password if user.username == me else None,
        )
    if opened.signing_key is not None:
        wrapped = account_keys.wrap(me, password, opened.kdf, opened.signing_key)
        account_keys.store(target, me, wrapped)
    server_copy.set_triggers(target, enabled=True)
    server_copy.advance_sequences(target)
    references.continue_case_numbers(target, references.last_case_number(source))
    return file_sums, accounts


def _prove(
    target: Session, file_sums: dict[str, TableSum], prefix: str
) -> tuple[list[TableCheck], ChainCheck]:
    """The copy's checks before commit; MoveCheckError (so a rollback) naming each difference."""
    checks = [
        TableCheck(table.name, file_sums[table.name], server_copy.checksum(target, table))
        for table in server_copy.copied_tables()
    ]
    problems = _problems(checks)
    chain = audit_log.verify_chain(target, registrars=audit_witness.registrars(target))
    problems.extend(chain.problems)
    problems.extend(server_copy.protection_problems(target, prefix))
    if problems:
        raise MoveCheckError(problems)
    return checks, chain


def move_to_server(
    path: Path,
    username: str,
    password: str,
    address: ServerAddress,
    owner_password: str,
    ca_file: Path | None = None,
) -> MoveReport:
    """Copy the file at ``path`` (opened by its administrator ``username``) into the empty
    database at ``address``, whose owner is named there; all or nothing, proved before commit."""
    _check_owner_named(address)
    started = time.monotonic()
    opened = access.open_to_read(path, username, password)
    try:
        if opened.user.role is not Role.ADMIN:
            raise PermissionDeniedError("Only an administrator of the file may move it.")
        server = ServerDatabase(address, address.user, owner_password, ca_file)
        try:
            with opened.database.transaction() as source, server.transaction() as target:
                server_copy.read_only(source)
                if server_copy.unknown_tables(source):
                    raise InvalidInputError(
                        f"{path.name} holds tables this version does not know, so nothing was "
                        "copied."
                    )
                file_sums, accounts = _copy(source, target, opened, password, address.database)
                checks, chain = _prove(target, file_sums, address.database)
        finally:
            server.close()
    finally:
        opened.database.close()
    head = chain.head
    return MoveReport(
        file=path.name,
        server=address.label,
        tables=tuple(checks),
        audit_rows=head.row_id if head else 0,
        audit_head=head.row_hash if head else "",
        signed_in=username,
        awaiting_password=tuple(
            u.username for u in accounts if u.active and u.username != username
        ),
        revoked=tuple(u.username for u in accounts if not u.active),
        seconds=time.monotonic() - started,
    )


def move_to_server_at(
    path: Path,
    username: str,
    location: str,
    passwords: Callable[[str], str],
    ca_file: Path | None = None,
) -> MoveReport:
    """``move_to_server`` to the server at ``location`` (``postgresql://owner@host/db``);
    ``passwords(prompt)`` is asked for the file administrator's password, then the owner's."""
    address = server_address.parse(location)
    _check_owner_named(address)
    password = passwords(f"Password for {username} in {path.name}: ")
    owner_password = passwords(f"Password of the database owner {address.user}: ")
    return move_to_server(path, username, password, address, owner_password, ca_file)
