"""Each server account's audit signing key, kept on the server wrapped under its password.

On a partnership server there is no key-slot file: the server checks the password, and the
signing key that the audit design needs (see ``audit_log``) is kept in ``account_keys``,
wrapped with AES-256-GCM under an Argon2id key derived from the same password. Row-level
security lets each login read and write its own row only (administrators any, to reset), so
nobody learns a key without the password it is wrapped under.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import text
from sqlalchemy.orm import Session

from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.errors import CorruptDatabaseError
from marac_desktop.storage.keyslots import derive_wrapping_key

_RAW = serialization.Encoding.Raw


@dataclass(frozen=True, slots=True)
class WrappedKey:
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    public_key: bytes
    wrapped: bytes


def _aad(account: str, kdf: KdfParams, public_key: bytes) -> bytes:
    return f"marac-server-signing-v1|{account}|{kdf.label()}|{public_key.hex()}".encode()


def wrap(account: str, password: str, kdf: KdfParams, key: Ed25519PrivateKey) -> WrappedKey:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    public = key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    raw = key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    wrapping_key = derive_wrapping_key(password, salt, kdf)
    sealed = AESGCM(wrapping_key).encrypt(nonce, raw, _aad(account, kdf, public))
    return WrappedKey(kdf, salt, nonce, public, sealed)


def unwrap(account: str, password: str, wrapped: WrappedKey) -> Ed25519PrivateKey | None:
    """The key, or None when ``password`` is not the one it was wrapped under (the server
    accepted the password, so the key predates a reset or a change made elsewhere)."""
    wrapping_key = derive_wrapping_key(password, wrapped.salt, wrapped.kdf)
    try:
        raw = AESGCM(wrapping_key).decrypt(
            wrapped.nonce, wrapped.wrapped, _aad(account, wrapped.kdf, wrapped.public_key)
        )
    except InvalidTag:
        return None
    return Ed25519PrivateKey.from_private_bytes(raw)


def _encode(wrapped: WrappedKey) -> str:
    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return json.dumps(
        {
            "t": wrapped.kdf.time_cost,
            "m": wrapped.kdf.memory_kib,
            "p": wrapped.kdf.parallelism,
            "salt": b64(wrapped.salt),
            "nonce": b64(wrapped.nonce),
            "public_key": b64(wrapped.public_key),
            "wrapped": b64(wrapped.wrapped),
        }
    )


def _decode(data: str) -> WrappedKey:
    try:
        document = json.loads(data)
        raw = {
            name: base64.b64decode(document[name], validate=True)
            for name in ("salt", "nonce", "public_key", "wrapped")
        }
        kdf = KdfParams(int(document["t"]), int(document["m"]), int(document["p"]))
    except (ValueError, KeyError, TypeError):
        raise CorruptDatabaseError(
            "This account's signing key on the server is damaged; ask an administrator to "
            "reset the password."
        ) from None
    return WrappedKey(kdf, raw["salt"], raw["nonce"], raw["public_key"], raw["wrapped"])


def read(session: Session, account: str) -> WrappedKey | None:
    data = session.execute(
        text("SELECT key_data FROM account_keys WHERE account = :account"), {"account": account}
    ).scalar()
    return None if data is None else _decode(data)


def store(session: Session, account: str, wrapped: WrappedKey) -> None:
    session.execute(
        text(
            "INSERT INTO account_keys (account, key_data) VALUES (:account, :data) "
            "ON CONFLICT (account) DO UPDATE SET key_data = EXCLUDED.key_data"
        ),
        {"account": account, "data": _encode(wrapped)},
    )
