"""Key slots: each user's password unlocks the one random database key.

Every slot holds an X25519 key pair. The private key is wrapped with AES-256-GCM under a key
derived from the user's password with Argon2id (parameters stored in the slot and bound into the
associated data). The database key is sealed to the slot's public key, so an administrator can
hand a new database key to every remaining slot during a rekey without knowing anyone's password.

Every slot also holds an Ed25519 signing key for the audit log: the private half wrapped under
the same password-derived key, the public half beside it. The slot carries the audit-log head its
account last saw (row id and hash), signed with that key, so anyone can check it and nobody
else can move it. Slots written before signatures have neither; one is added at the next unlock.
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
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
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
class Witness:
    """The audit-log head an account last saw, signed with that account's signing key."""

    row_id: int
    row_hash: str
    at: str
    signature: bytes


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
    signing_public_key: bytes = b""
    signing_nonce: bytes = b""
    wrapped_signing_key: bytes = b""
    witness: Witness | None = None


@dataclass(frozen=True, slots=True)
class OpenedSlot:
    """What a password opens: the database key, the signing key (None in an old slot), and the
    password-derived wrapping key (so a signing key can be added without deriving it again)."""

    database_key: bytearray
    signing_key: Ed25519PrivateKey | None
    wrapping_key: bytes


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


def _signing_aad(name: str, kind: SlotKind, kdf: KdfParams, signing_public: bytes) -> bytes:
    return f"marac-signing-v1|{kind}|{name}|{kdf.label()}|{signing_public.hex()}".encode()


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def _wrap_signing_key(
    slot: KeySlot, wrapping_key: bytes, signing_key: Ed25519PrivateKey
) -> KeySlot:
    signing_public = _public_raw(signing_key)
    nonce = secrets.token_bytes(12)
    raw = signing_key.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    wrapped = AESGCM(wrapping_key).encrypt(
        nonce, raw, _signing_aad(slot.name, slot.kind, slot.kdf, signing_public)
    )
    return replace(
        slot,
        signing_public_key=signing_public,
        signing_nonce=nonce,
        wrapped_signing_key=wrapped,
        witness=None,
    )


def add_signing_key(slot: KeySlot, wrapping_key: bytes) -> tuple[KeySlot, Ed25519PrivateKey]:
    """Give an old slot (written before signatures) a signing key of its own."""
    signing_key = Ed25519PrivateKey.generate()
    return _wrap_signing_key(slot, wrapping_key, signing_key), signing_key


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
    signing_key: Ed25519PrivateKey | None = None,
) -> KeySlot:
    """A new slot; its signing key is ``signing_key`` or a new one (see ``signing_key_of``)."""
    private = X25519PrivateKey.generate()
    public_key = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    private_raw = private.private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    salt = secrets.token_bytes(16)
    private_nonce = secrets.token_bytes(12)
    wrapping_key = derive_wrapping_key(secret, salt, kdf)
    wrapped = AESGCM(wrapping_key).encrypt(
        private_nonce, private_raw, _private_aad(name, kind, kdf, public_key)
    )
    ephemeral_public, key_nonce, sealed = _seal(name, public_key, database_key)
    slot = KeySlot(
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
    return _wrap_signing_key(slot, wrapping_key, signing_key or Ed25519PrivateKey.generate())


def reseal_slot(slot: KeySlot, database_key: bytes | bytearray) -> KeySlot:
    """Give ``slot`` a new database key; its password stays the same."""
    ephemeral_public, key_nonce, sealed = _seal(slot.name, slot.public_key, database_key)
    return replace(
        slot, ephemeral_public_key=ephemeral_public, key_nonce=key_nonce, sealed_key=sealed
    )


def open_slot(slot: KeySlot, secret: str, expected_key_id: str) -> bytearray:
    """Return the database key, or raise WrongPasswordError."""
    return open_slot_fully(slot, secret, expected_key_id).database_key


def open_slot_fully(slot: KeySlot, secret: str, expected_key_id: str) -> OpenedSlot:
    """The database key and the signing key, or WrongPasswordError / CorruptDatabaseError."""
    wrapping_key = derive_wrapping_key(secret, slot.salt, slot.kdf)
    key = _open_with_wrapping_key(slot, wrapping_key, expected_key_id)
    signing_key = None
    if slot.signing_public_key:
        aad = _signing_aad(slot.name, slot.kind, slot.kdf, slot.signing_public_key)
        try:
            raw = AESGCM(wrapping_key).decrypt(slot.signing_nonce, slot.wrapped_signing_key, aad)
        except InvalidTag:
            raise CorruptDatabaseError(
                "This user's signing key in the key-slot file is damaged; restore the key-slot "
                "file from a backup or ask an administrator to reset the password."
            ) from None
        signing_key = Ed25519PrivateKey.from_private_bytes(raw)
    return OpenedSlot(key, signing_key, wrapping_key)


def _open_with_wrapping_key(slot: KeySlot, wrapping_key: bytes, expected_key_id: str) -> bytearray:
    aad = _private_aad(slot.name, slot.kind, slot.kdf, slot.public_key)
    try:
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


def _witness_message(name: str, row_id: int, row_hash: str, at: str) -> bytes:
    return f"marac-witness-v1|{name}|{row_id}|{row_hash}|{at}".encode()


def with_witness(
    slot: KeySlot, signing_key: Ed25519PrivateKey, row_id: int, row_hash: str, at: str
) -> KeySlot:
    """The slot carrying a new last-seen audit head, signed with the account's signing key."""
    if _public_raw(signing_key) != slot.signing_public_key:
        raise ValueError("the signing key does not belong to this slot")
    signature = signing_key.sign(_witness_message(slot.name, row_id, row_hash, at))
    return replace(slot, witness=Witness(row_id, row_hash, at, signature))


def witness_is_signed(slot: KeySlot) -> bool:
    """True when the slot's last-seen head carries a valid signature by the slot's own key."""
    witness = slot.witness
    if witness is None or not slot.signing_public_key:
        return False
    message = _witness_message(slot.name, witness.row_id, witness.row_hash, witness.at)
    try:
        Ed25519PublicKey.from_public_bytes(slot.signing_public_key).verify(
            witness.signature, message
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(chars[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


# ----- the sidecar file -------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot_to_json(slot: KeySlot) -> dict[str, Any]:
    document: dict[str, Any] = {
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
    if slot.signing_public_key:
        document["signing_public_key"] = _b64(slot.signing_public_key)
        document["signing_nonce"] = _b64(slot.signing_nonce)
        document["wrapped_signing_key"] = _b64(slot.wrapped_signing_key)
    if slot.witness is not None:
        document["witness"] = {
            "row": slot.witness.row_id,
            "hash": slot.witness.row_hash,
            "at": slot.witness.at,
            "signature": _b64(slot.witness.signature),
        }
    return document


def _slot_from_json(data: dict[str, Any]) -> KeySlot:
    def raw(field: str) -> bytes:
        return base64.b64decode(data[field], validate=True)

    if data["kdf"] != "argon2id" or data["kind"] not in ("user", "recovery"):
        raise ValueError("unsupported slot")
    kdf = KdfParams(int(data["t"]), int(data["m"]), int(data["p"]))
    witness = None
    if "witness" in data:
        seen = data["witness"]
        witness = Witness(
            int(seen["row"]),
            str(seen["hash"]),
            str(seen["at"]),
            base64.b64decode(seen["signature"], validate=True),
        )
    signed = "signing_public_key" in data
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
        signing_public_key=raw("signing_public_key") if signed else b"",
        signing_nonce=raw("signing_nonce") if signed else b"",
        wrapped_signing_key=raw("wrapped_signing_key") if signed else b"",
        witness=witness,
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
