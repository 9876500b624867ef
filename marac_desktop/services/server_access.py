"""Setting up a partnership server, and signing in to one as oneself.

``init_server`` is run by the database's owner: it creates the schema, the group roles, the
grants and functions (``storage.server_roles``) and the first administrator's login. Each person
then signs in with their own login; the server checks the password, and the audit signing key
kept for them on the server (``storage.account_keys``) opens with the same password.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.errors import (
    CorruptDatabaseError,
    DatabaseExistsError,
    InvalidInputError,
    PermissionDeniedError,
)
from marac_desktop.services.access import validate_new_password, validate_username
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import (
    account_keys,
    audit_log,
    keyslots,
    migrate,
    server_accounts,
    server_address,
    server_roles,
    users_repo,
)
from marac_desktop.storage.audit_log import AuditSigner
from marac_desktop.storage.server_address import ServerAddress
from marac_desktop.storage.server_database import ServerDatabase

NEEDS_UPGRADE = (
    "The server's database is at an older version than this application; its owner upgrades "
    "it with 'marac-desktop server init' (which upgrades a database it set up before)."
)


def init_server(
    address: ServerAddress,
    owner: str,
    owner_password: str,
    admin_username: str,
    admin_password: str | Callable[[], str],
    display_name: str = "",
    ca_file: Path | None = None,
    kdf: KdfParams | None = None,
) -> str:
    """Set up an empty database as its owner, with its first administrator; or, on a
    database set up before, upgrade its schema and refresh the grants. Returns what it did.
    ``admin_password`` may be a function, asked only when a new database needs it."""
    server_roles.check_database_name(address.database)
    database = ServerDatabase(address, owner, owner_password, ca_file)
    try:
        revision = database.schema_revision()
        if revision is not None:
            database.upgrade_schema()
            head = migrate.head_revision()
            if revision == head:
                return f"already at schema {head}; grants and functions refreshed"
            return f"upgraded from schema {revision} to {head}"
        with database.engine.connect() as connection:
            if server_roles.ungranted_tables(connection):
                raise DatabaseExistsError(
                    f"The database {address.database} already holds tables that are not "
                    "MARAC Desktop's; set up an empty database."
                )
        validate_username(admin_username)
        if callable(admin_password):
            admin_password = admin_password()
        validate_new_password(admin_password, admin_username)
        database.upgrade_schema()
        kdf = kdf or keyslots.calibrate_kdf()
        with database.transaction() as session:
            server_accounts.add_first_admin(
                session,
                address.database,
                admin_username,
                display_name or admin_username,
                admin_password,
            )
            signing_key = Ed25519PrivateKey.generate()
            account_keys.store(
                session,
                admin_username,
                account_keys.wrap(admin_username, admin_password, kdf, signing_key),
            )
        return "created"
    finally:
        database.close()


def init_server_at(
    location: str,
    admin_username: str,
    passwords: Callable[[str], str],
    display_name: str = "",
    ca_file: Path | None = None,
) -> str:
    """``init_server`` as the owner named in ``location`` (``postgresql://owner@host/db``);
    ``passwords(prompt)`` is asked for the owner's password, then (only for a new database)
    the first administrator's."""
    address = server_address.parse(location)
    if not address.user:
        raise InvalidInputError(
            "Name the database's owner in the address, as in "
            "postgresql://marac_owner@marac.example.org/marac."
        )
    owner_password = passwords(f"Password of the database owner {address.user}: ")
    return init_server(
        address,
        address.user,
        owner_password,
        admin_username,
        lambda: passwords(f"New password for the administrator {admin_username}: "),
        display_name,
        ca_file,
    )


def _signer(
    database: ServerDatabase, username: str, password: str, kdf: KdfParams | None
) -> tuple[AuditSigner, KdfParams, str]:
    """The account's signing key; a new one (and a note) when the server holds none that
    this password opens."""
    with database.transaction() as session:
        wrapped = account_keys.read(session, username)
    key = account_keys.unwrap(username, password, wrapped) if wrapped is not None else None
    if key is not None and wrapped is not None:
        return AuditSigner.of(key), wrapped.kdf, ""
    kdf = wrapped.kdf if wrapped is not None else (kdf or keyslots.calibrate_kdf())
    key = Ed25519PrivateKey.generate()
    with database.transaction() as session:
        account_keys.store(session, username, account_keys.wrap(username, password, kdf, key))
    note = "" if wrapped is None else "the signing key kept on the server did not open"
    return AuditSigner.of(key), kdf, note


def _register_own_key(session: Session, username: str, signer: AuditSigner) -> str:
    """Register the key this session signs with unless it is the account's latest already;
    a problem sentence when the log registers other keys to the account but not this one."""
    keys = server_accounts.own_signing_keys(session)
    if keys and keys[-1] == signer.public_hex:
        return ""
    audit_log.register_key(session, signer, username, username, signer.public_hex)
    if keys and signer.public_hex not in keys:
        return (
            f"the signing key of {username} kept on the server is not the one the audit log "
            "registers; its password was changed outside the application"
        )
    return ""


def sign_in(
    address: ServerAddress,
    username: str,
    password: str,
    ca_file: Path | None = None,
    kdf: KdfParams | None = None,
) -> Workspace:
    """Connect as ``username`` (the server checks the password) and audit the sign-in."""
    database = ServerDatabase(address, username, password, ca_file)
    try:
        revision = database.schema_revision()
        if revision is None:
            raise CorruptDatabaseError(
                f"The database {address.database} holds no MARAC tables; its owner sets it "
                "up with 'marac-desktop server init'."
            )
        if revision != migrate.head_revision():
            raise CorruptDatabaseError(NEEDS_UPGRADE)
        with database.transaction() as session:
            user = users_repo.find(session, username)
        if user is None or not user.active:
            raise PermissionDeniedError("This account has been revoked; ask an administrator.")
        signer, kdf_used, note = _signer(database, username, password, kdf)
        with database.transaction() as session:
            problem = _register_own_key(session, username, signer)
            audit_log.append(
                session, username, AuditAction.UNLOCK, "database", detail=note, signer=signer
            )
    except BaseException:
        database.close()
        raise
    return Workspace(
        path=None,
        database=database,
        user=user,
        kdf=kdf_used,
        signer=signer,
        slot_name=username,
        seen=None,  # the server keeps the log append-only; witnesses are the file's defence
        warnings=(problem,) if problem else (),
    )


def label(location: str) -> str:
    """How the window names the server at ``location``."""
    return server_address.parse(location).label


def is_server(location: str) -> bool:
    """Whether ``location`` (a ``--db`` value) names a partnership server, not a file."""
    return server_address.is_server_address(location)


def sign_in_at(
    location: str,
    username: str,
    password: str,
    ca_file: Path | None = None,
    kdf: KdfParams | None = None,
) -> Workspace:
    """``sign_in`` at a server named by its ``postgresql://`` address."""
    return sign_in(server_address.parse(location), username, password, ca_file, kdf)
