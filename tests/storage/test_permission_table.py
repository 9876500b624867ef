"""Every service function that takes a Workspace, found by introspection, called as every role.

Nothing here lists the functions by hand: a new public function in ``marac_desktop/services``
that takes a Workspace and has no ``@requires`` fails ``test_every_service_function_declares``,
and each declared one is called (on its own copy of a small database) as an IDVA, a
coordinator, a safeguarding lead, an administrator and the recovery code, and must be refused
or allowed exactly as ``domain.permissions.ROLE_PERMISSIONS`` says for the rule it declares.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import marac_desktop.services as services_package
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.users import Role, User
from marac_desktop.errors import PermissionDeniedError, UserFacingError
from marac_desktop.paths import keyslot_path
from marac_desktop.services import (
    access,
)
from marac_desktop.services.workspace import DECLARED, Workspace
from marac_desktop.storage import audit_log, keyslots, users_repo
from marac_desktop.storage.audit_log import AuditSigner
from marac_desktop.storage.database import EncryptedDatabase
from tests.permission_cases import (
    FUNCTIONS,
    PASSWORD,
    REFUSED_FOR_ANOTHER_REASON,
    SESSIONS,
    allowed,
    arguments,
    populate,
)

# ----- a small database with one of everything ----------------------------------------------


@dataclass(frozen=True)
class Template:
    path: Path
    key: bytes
    ids: dict[str, Any]


def _build(path: Path) -> Template:
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    ws = access.unlock(path, "admin", PASSWORD)
    try:
        ids = populate(ws)
        key = bytes(ws.database.key)
    finally:
        ws.close()
    return Template(path, key, ids)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return _build(tmp_path_factory.mktemp("template") / "marac.db")


def _open_copy(template: Template, folder: Path, name: str) -> Workspace:
    """A workspace on a fresh copy of the template, signed in as the named session."""
    path = folder / "cases" / "marac.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(template.path, path)
    shutil.copy2(keyslot_path(template.path), keyslot_path(path))
    database = EncryptedDatabase(path, bytearray(template.key))
    user: User | None = None
    if SESSIONS[name] is not None:
        with database.transaction() as session:
            user = users_repo.find(session, name)
    # Signed by a key of its own: this test checks roles, not the audit witnesses.
    signer = AuditSigner.of(Ed25519PrivateKey.generate())
    slot = name if SESSIONS[name] is not None else keyslots.RECOVERY_SLOT
    return Workspace(
        path=path, database=database, user=user, kdf=TEST_KDF, signer=signer, slot_name=slot
    )


@pytest.fixture(scope="module")
def refused_sessions(
    template: Template, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Workspace]]:
    """One copy per session for the calls that must be refused: a refused call changes nothing
    but its audit row (each test checks that), so they can share it."""
    opened = {name: _open_copy(template, tmp_path_factory.mktemp(name), name) for name in SESSIONS}
    yield opened
    for ws in opened.values():
        ws.close()


@pytest.fixture
def session_for(
    template: Template, refused_sessions: dict[str, Workspace], tmp_path: Path
) -> Iterator[Callable[[str, bool], Workspace]]:
    opened: list[Workspace] = []

    def open_as(name: str, allowed: bool) -> Workspace:
        if not allowed:
            return refused_sessions[name]
        opened.append(_open_copy(template, tmp_path, name))
        return opened[-1]

    yield open_as
    for ws in opened:
        ws.close()


def _audit_rows(ws: Workspace) -> list[tuple[str, str, str]]:
    with ws.transaction() as session:
        return [(e.actor, e.action, e.outcome) for e in audit_log.recent(session, 100_000)]


def test_every_service_function_declares() -> None:
    assert len(FUNCTIONS) > 80, "introspection found too few service functions"
    undeclared = [
        name
        for name, function in FUNCTIONS.items()
        if name not in DECLARED or not hasattr(function, "__wrapped__")
    ]
    assert undeclared == [], "add @requires(...) to each of these"
    stale = sorted(set(DECLARED) - set(FUNCTIONS))
    assert stale == [], "declared but not found as a public service function taking a Workspace"


@pytest.mark.parametrize("session_name", list(SESSIONS))
@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_refused_or_allowed_as_the_table_says(
    name: str,
    session_name: str,
    template: Template,
    session_for: Callable[[str, bool], Workspace],
    tmp_path: Path,
) -> None:
    function = FUNCTIONS[name]
    rule = DECLARED[name]
    permitted = allowed(rule, SESSIONS[session_name])
    ws = session_for(session_name, permitted)
    kwargs = arguments(name, function, template.ids, tmp_path)
    before = _audit_rows(ws)
    if not permitted:
        with pytest.raises(PermissionDeniedError):
            result = function(ws, **kwargs)
            if inspect.isgenerator(result):
                next(result)
        after = _audit_rows(ws)
        assert len(after) == len(before) + 1, "a refused call wrote something besides its refusal"
        assert after[0][1:] == (AuditAction.PERMISSION_DENIED.value, "denied")
        assert not any(tmp_path.glob("out.*")), "a refused call wrote a file"
        return
    short = name.removeprefix(f"{services_package.__name__}.")
    try:
        result = function(ws, **kwargs)
        if inspect.isgenerator(result):
            list(result)
    except PermissionDeniedError:
        pytest.fail(f"{short} refused a {session_name} session the table allows")
    except UserFacingError as error:
        if short not in REFUSED_FOR_ANOTHER_REASON:
            raise
        assert REFUSED_FOR_ANOTHER_REASON[short] in str(error)


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        # The issue found these two checks removable with every test still passing.
        ("bundle.export_bundle", Permission.BACK_UP),
        ("bundle.write_bundle", Permission.BACK_UP),
        ("flags.queue", Permission.REVIEW_FLAGS),
        ("flags.review", Permission.REVIEW_FLAGS),
        ("bundle.import_bundle", Permission.IMPORT_RECORDS),
        ("csv_import.import_rows", Permission.IMPORT_RECORDS),
        ("sheet_import.import_sheet", Permission.IMPORT_RECORDS),
        ("demo.generate", Permission.GENERATE_DEMO_DATA),
        # The coordinators run the meetings; the server's settings row grant says the same.
        ("meeting_settings.save_meeting_settings", Permission.MANAGE_MEETINGS),
    ],
)
def test_the_riskiest_functions_keep_their_rule(name: str, rule: Permission) -> None:
    assert DECLARED[f"{services_package.__name__}.{name}"] is rule


def test_everyone_may_not_see_everything() -> None:
    """The every-role test above must be refusing something for each non-admin role."""
    for role in (Role.IDVA, Role.COORDINATOR, Role.SAFEGUARDING_LEAD):
        refused = [n for n, rule in DECLARED.items() if not allowed(rule, role)]
        assert len(refused) > 10, role


HOME_SECTIONS = {
    "ivy": {"assessments"},
    "cora": {"assessments", "meetings"},
    "sam": {"flags"},
    "admin": {"assessments", "meetings", "flags", "backups", "accounts"},
    "recovery": {"accounts"},
}


@pytest.mark.parametrize("session_name", list(SESSIONS))
def test_home_reads_only_the_sections_each_session_may_see(
    session_name: str, session_for: Callable[[str, bool], Workspace]
) -> None:
    """Home is open to every session, so its sections carry the permission checks."""
    from marac_desktop.services import home

    work = home.home(session_for(session_name, True))
    sections = ("assessments", "meetings", "flags", "backups", "accounts")
    shown = {name for name in sections if getattr(work, name) is not None}
    assert shown == HOME_SECTIONS[session_name]
