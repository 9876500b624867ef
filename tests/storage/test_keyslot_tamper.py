"""Each field of each key slot, changed in the `.keys` file, is refused at unlock.

A slot's private key is wrapped with its user name, kind, Argon2id costs and public key as
associated data, and the database key is sealed to the slot under its name, public key and the
key's id; changing any one of them must stop that slot opening the database. These tests are
what holds each binding in place.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.users import Role
from marac_desktop.errors import PermissionDeniedError, UserFacingError
from marac_desktop.paths import keyslot_path
from marac_desktop.services import access, users
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import keyslots

PASSWORD = "quiet lantern test phrase"
IVY_PASSWORD = "river song long phrase"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _other_public_key() -> str:
    public = X25519PrivateKey.generate().public_key()
    raw = serialization.Encoding.Raw
    return _b64(public.public_bytes(raw, serialization.PublicFormat.Raw))


def _flip(text: str) -> str:
    data = bytearray(base64.b64decode(text))
    data[len(data) // 2] ^= 0x01
    return _b64(bytes(data))


Change = Callable[[dict[str, Any]], Any]
# Every field a slot stores, each given another value of the right shape (so the file still
# reads, and only the binding can refuse it).
SLOT_FIELDS: dict[str, Change] = {
    "name": lambda slot: "ivy" if slot["name"] != "ivy" else "admin",
    "kind": lambda slot: "recovery" if slot["kind"] == "user" else "user",
    "t": lambda slot: slot["t"] + 1,
    "m": lambda slot: slot["m"] * 2,
    "p": lambda slot: slot["p"] + 1,
    "salt": lambda slot: _b64(secrets.token_bytes(16)),
    "public_key": lambda slot: _other_public_key(),
    "private_nonce": lambda slot: _b64(secrets.token_bytes(12)),
    "wrapped_private_key": lambda slot: _flip(slot["wrapped_private_key"]),
    "ephemeral_public_key": lambda slot: _other_public_key(),
    "key_nonce": lambda slot: _b64(secrets.token_bytes(12)),
    "sealed_key": lambda slot: _flip(slot["sealed_key"]),
    "signing_public_key": lambda slot: _b64(secrets.token_bytes(32)),
    "signing_nonce": lambda slot: _b64(secrets.token_bytes(12)),
    "wrapped_signing_key": lambda slot: _flip(slot["wrapped_signing_key"]),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("template") / "marac.db"
    code = access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    ws = access.unlock(path, "admin", PASSWORD)
    users.add_user(ws, "ivy", Role.IDVA, IVY_PASSWORD)
    ws.close()
    return path, code


@pytest.fixture
def database(template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A copy of a database with an administrator, an IDVA and the recovery code (returned)."""
    source, code = template
    path = tmp_path / "cases" / "marac.db"
    path.parent.mkdir()
    shutil.copy2(source, path)
    shutil.copy2(keyslot_path(source), keyslot_path(path))
    return path, code


def _secrets(code: str) -> dict[str, Callable[[Path, str], Workspace]]:
    return {
        "admin": lambda path, name: access.unlock(path, name, PASSWORD),
        "ivy": lambda path, name: access.unlock(path, name, IVY_PASSWORD),
        keyslots.RECOVERY_SLOT: lambda path, name: access.unlock_with_recovery(path, code),
    }


def test_the_fields_listed_are_every_field_a_slot_stores(database: tuple[Path, str]) -> None:
    path, _ = database
    stored = json.loads(keyslot_path(path).read_bytes())["slots"][0]
    assert set(stored) - {"kdf"} == set(SLOT_FIELDS)


@pytest.mark.parametrize("slot_name", ["admin", "ivy", keyslots.RECOVERY_SLOT])
@pytest.mark.parametrize("field", sorted(SLOT_FIELDS))
def test_a_changed_field_stops_the_slot_opening(
    database: tuple[Path, str], slot_name: str, field: str
) -> None:
    path, code = database
    opener = _secrets(code)[slot_name]
    opener(path, slot_name).close()  # the untouched slot opens
    keys = keyslot_path(path)
    document = json.loads(keys.read_bytes())
    slot = next(s for s in document["slots"] if s["name"] == slot_name)
    slot[field] = SLOT_FIELDS[field](slot)
    keys.write_text(json.dumps(document), encoding="utf-8")
    for name in {slot_name, slot["name"]}:  # under its old name and (if changed) its new one
        with pytest.raises(UserFacingError):
            opener(path, name).close()


def test_a_changed_database_key_id_stops_every_slot(database: tuple[Path, str]) -> None:
    path, code = database
    keys = keyslot_path(path)
    document = json.loads(keys.read_bytes())
    document["database_key_id"] = secrets.token_hex(16)
    keys.write_text(json.dumps(document), encoding="utf-8")
    for name, opener in _secrets(code).items():
        with pytest.raises(UserFacingError):
            opener(path, name).close()


def test_a_slot_moved_to_another_name_does_not_open(database: tuple[Path, str]) -> None:
    """Ivy's slot copied over the admin's (name kept as admin): Ivy's password gets nothing."""
    path, _ = database
    keys = keyslot_path(path)
    document = json.loads(keys.read_bytes())
    ivy = next(s for s in document["slots"] if s["name"] == "ivy")
    document["slots"] = [
        {**ivy, "name": "admin"} if s["name"] == "admin" else s for s in document["slots"]
    ]
    keys.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserFacingError):
        access.unlock(path, "admin", IVY_PASSWORD)


@pytest.mark.parametrize("field", ["name", "kind"])
def test_an_insider_holding_the_database_key_cannot_relabel_their_slot(
    database: tuple[Path, str], field: str
) -> None:
    """Every account unwraps the same database key, so an IDVA could re-seal it to a slot she
    edits: her slot renamed to "admin" (or made a recovery slot) and sealed afresh. Only the
    name and kind in the private key's associated data stop her password opening it."""
    path, _ = database
    ivy = access.unlock(path, "ivy", IVY_PASSWORD)
    key = bytearray(ivy.database.key)
    ivy.close()
    slots = keyslots.read_slot_file(keyslot_path(path))
    mine = slots.find("ivy")
    assert mine is not None
    if field == "name":
        forged = keyslots.reseal_slot(dataclasses.replace(mine, name="admin"), key)
        target = "admin"
    else:
        forged = keyslots.reseal_slot(dataclasses.replace(mine, kind="recovery"), key)
        target = "ivy"
    keyslots.write_slot_file(keyslot_path(path), slots.without(target).with_slot(forged))
    with pytest.raises(UserFacingError):
        access.unlock(path, target, IVY_PASSWORD).close()


def test_a_revoked_account_whose_old_slot_is_put_back_stays_refused(
    database: tuple[Path, str],
) -> None:
    """A copy of the .keys file from before the revocation, put back: the slot still opens the
    database key (no rekey yet), so only the account's revoked status in the database refuses."""
    path, _ = database
    kept = keyslot_path(path).read_bytes()
    admin = access.unlock(path, "admin", PASSWORD)
    users.revoke_user(admin, "ivy")
    admin.close()
    keyslot_path(path).write_bytes(kept)
    with pytest.raises(PermissionDeniedError, match="revoked"):
        access.unlock(path, "ivy", IVY_PASSWORD)
