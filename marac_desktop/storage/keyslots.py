"""Key slots: each user's password unlocks the one random database key.

Every slot holds an X25519 key pair. The private key is wrapped with AES-256-GCM under a key
derived from the user's password with Argon2id (parameters stored in the slot and bound into the
associated data). The database key is sealed to the slot's public key, so an administrator can
hand a new database key to every remaining slot during a rekey without knowing anyone's password.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.errors import CorruptDatabaseError, DatabaseNotFoundError, WrongPasswordError
from marac_desktop.storage.atomic import write_bytes_atomic

FILE_FORMAT = "marac-keyslots"
FILE_VERSION = 1
RECOVERY_SLOT = "#recovery"
DATABASE_KEY_BYTES = 32
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_RAW = serialization.Encoding.Raw

SlotKind = Literal["user", "recovery"]


@dataclass(frozen=True, slots=True)
class KeySlot:
    name: str
    kind: SlotKind
    kdf: KdfParams
    salt: bytes
    public_key: bytes
    private_nonce: bytes
    wrapped_private_key: bytes
    ephemeral_public_key: bytes
    key_nonce: bytes
    sealed_key: bytes


@dataclass(frozen=True, slots=True)
class KeySlotFile:
    database_key_id: str
    slots: tuple[KeySlot, ...]

    def find(self, name: str) -> KeySlot | None:
        return next((slot for slot in self.slots if slot.name == name), None)

    def with_slot(self, slot: KeySlot) -> KeySlotFile:
        others = tuple(s for s in self.slots if s.name != slot.name)
        return replace(self, slots=(*others, slot))

    def without(self, name: str) -> KeySlotFile:
        return replace(self, slots=tuple(s for s in self.slots if s.name != name))


def new_database_key() -> bytearray:
    return bytearray(secrets.token_bytes(DATABASE_KEY_BYTES))


def database_key_id(key: bytes | bytearray) -> str:
    """A public fingerprint of the database key; it reveals nothing about the key."""
    derived = HKDF(hashes.SHA256(), 32, salt=None, info=b"marac-key-id-v1").derive(bytes(key))
    return hashlib.sha256(derived).hexdigest()[:32]


def derive_wrapping_key(secret: str, salt: bytes, kdf: KdfParams) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=kdf.time_cost,
        memory_cost=kdf.memory_kib,
        parallelism=kdf.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _time_one_pass(salt: bytes, memory_kib: int, parallelism: int) -> float:
    start = time.perf_counter()
    derive_wrapping_key("calibration", salt, KdfParams(1, memory_kib, parallelism))
    return time.perf_counter() - start


def calibrate_kdf(target_seconds: float = 0.5, parallelism: int = 4) -> KdfParams:
    """Pick Argon2id costs that take about ``target_seconds`` on this machine."""
    memory = 256 * 1024
    salt = secrets.token_bytes(16)
    while True:
        one_pass = min(_time_one_pass(salt, memory, parallelism) for _ in range(2))
        if one_pass <= target_seconds or memory <= 64 * 1024:
            break
        memory //= 2
    passes = max(1, round(target_seconds / max(one_pass, 1e-6)))
    return KdfParams(time_cost=passes, memory_kib=memory, parallelism=parallelism)


def _private_aad(name: str, kind: SlotKind, kdf: KdfParams, public_key: bytes) -> bytes:
    return f"marac-slot-v1|{kind}|{name}|{kdf.label()}|{public_key.hex()}".encode()


def _seal_aad(name: str, public_key: bytes, key_id: str) -> bytes:
    return f"marac-seal-v1|{name}|{public_key.hex()}|{key_id}".encode()


def _seal_key(shared: bytes, ephemeral_public: bytes, public_key: bytes) -> bytes:
    info = b"marac-seal-v1" + ephemeral_public + public_key
    return HKDF(hashes.SHA256(), 32, salt=None, info=info).derive(shared)


def _seal(name: str, public_key: bytes, database_key: bytes | bytearray) -> tuple[bytes, ...]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    nonce = secrets.token_bytes(12)
    aad = _seal_aad(name, public_key, database_key_id(database_key))
    sealed = AESGCM(_seal_key(shared, ephemeral_public, public_key)).encrypt(
        nonce, bytes(database_key), aad
    )
    return ephemeral_public, nonce, sealed


def create_slot(
    name: str,
    secret: str,
    database_key: bytes | bytearray,
    kdf: KdfParams,
    kind: SlotKind = "user",
) -> KeySlot:
    private = X25519PrivateKey.generate()
    public_key = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    private_raw = private.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    salt = secrets.token_bytes(16)
    private_nonce = secrets.token_bytes(12)
    wrapped = AESGCM(derive_wrapping_key(secret, salt, kdf)).encrypt(
        private_nonce, private_raw, _private_aad(name, kind, kdf, public_key)
    )
    ephemeral_public, key_nonce, sealed = _seal(name, public_key, database_key)
    return KeySlot(
        name,
        kind,
        kdf,
        salt,
        public_key,
        private_nonce,
        wrapped,
        ephemeral_public,
        key_nonce,
        sealed,
    )


def reseal_slot(slot: KeySlot, database_key: bytes | bytearray) -> KeySlot:
    """Give ``slot`` a new database key; its password stays the same."""
    ephemeral_public, key_nonce, sealed = _seal(slot.name, slot.public_key, database_key)
    return replace(
        slot, ephemeral_public_key=ephemeral_public, key_nonce=key_nonce, sealed_key=sealed
    )


def open_slot(slot: KeySlot, secret: str, expected_key_id: str) -> bytearray:
    """Return the database key, or raise WrongPasswordError."""
    aad = _private_aad(slot.name, slot.kind, slot.kdf, slot.public_key)
    try:
        wrapping_key = derive_wrapping_key(secret, slot.salt, slot.kdf)
        private_raw = AESGCM(wrapping_key).decrypt(
            slot.private_nonce, slot.wrapped_private_key, aad
        )
    except InvalidTag:
        raise WrongPasswordError(
            "The user name or password is not correct; check them and try again."
        ) from None
    private = X25519PrivateKey.from_private_bytes(private_raw)
    shared = private.exchange(X25519PublicKey.from_public_bytes(slot.ephemeral_public_key))
    seal_key = _seal_key(shared, slot.ephemeral_public_key, slot.public_key)
    try:
        key = AESGCM(seal_key).decrypt(
            slot.key_nonce, slot.sealed_key, _seal_aad(slot.name, slot.public_key, expected_key_id)
        )
    except InvalidTag:
        raise CorruptDatabaseError(
            "This user's key slot does not match the database key; restore the key-slot file "
            "from a backup or ask an administrator to reset the password."
        ) from None
    return bytearray(key)


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(chars[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


# ----- the sidecar file -------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot_to_json(slot: KeySlot) -> dict[str, Any]:
    return {
        "name": slot.name,
        "kind": slot.kind,
        "kdf": "argon2id",
        "t": slot.kdf.time_cost,
        "m": slot.kdf.memory_kib,
        "p": slot.kdf.parallelism,
        "salt": _b64(slot.salt),
        "public_key": _b64(slot.public_key),
        "private_nonce": _b64(slot.private_nonce),
        "wrapped_private_key": _b64(slot.wrapped_private_key),
        "ephemeral_public_key": _b64(slot.ephemeral_public_key),
        "key_nonce": _b64(slot.key_nonce),
        "sealed_key": _b64(slot.sealed_key),
    }


def _slot_from_json(data: dict[str, Any]) -> KeySlot:
    def raw(field: str) -> bytes:
        return base64.b64decode(data[field], validate=True)

    if data["kdf"] != "argon2id" or data["kind"] not in ("user", "recovery"):
        raise ValueError("unsupported slot")
    kdf = KdfParams(int(data["t"]), int(data["m"]), int(data["p"]))
    return KeySlot(
        name=str(data["name"]),
        kind=data["kind"],
        kdf=kdf,
        salt=raw("salt"),
        public_key=raw("public_key"),
        private_nonce=raw("private_nonce"),
        wrapped_private_key=raw("wrapped_private_key"),
        ephemeral_public_key=raw("ephemeral_public_key"),
        key_nonce=raw("key_nonce"),
        sealed_key=raw("sealed_key"),
    )


def encode_slot_file(slots: KeySlotFile) -> bytes:
    document = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "database_key_id": slots.database_key_id,
        "slots": [_slot_to_json(slot) for slot in slots.slots],
    }
    return json.dumps(document, indent=1, sort_keys=True).encode("utf-8")


def decode_slot_file(data: bytes, name: str = "key-slot file") -> KeySlotFile:
    try:
        document = json.loads(data)
        if document["format"] != FILE_FORMAT or document["version"] != FILE_VERSION:
            raise ValueError("unknown format")
        return KeySlotFile(
            database_key_id=str(document["database_key_id"]),
            slots=tuple(_slot_from_json(item) for item in document["slots"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise CorruptDatabaseError(
            f"The {name} is damaged and cannot be read; restore it from a backup."
        ) from error


def read_slot_file(path: Path) -> KeySlotFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DatabaseNotFoundError(
            f"The key-slot file {path.name} is missing; it must sit next to the database."
        ) from None
    return decode_slot_file(data)


def write_slot_file(path: Path, slots: KeySlotFile) -> None:
    write_bytes_atomic(path, encode_slot_file(slots))
