"""Key-slot files written by earlier releases open, byte for byte, with today's code.

A slot written once must open for as long as the database lives, so every label bound into its
encryption (the associated data, the seal, the witness message) and every field name in the
file is fixed. These fixtures were written once and are never regenerated:

- ``schema_0001/marac.db.keys``: slots from before signing keys (user / password in
  ``tests/storage/fixtures/README.md``);
- ``keyslots_signed/marac.db.keys``: a signed slot carrying a witness, and a recovery slot; the
  database key is the bytes 0..31.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from marac_desktop.domain.key_derivation import KdfParams
from marac_desktop.errors import CorruptDatabaseError, DatabaseNotFoundError, WrongPasswordError
from marac_desktop.storage import keyslots
from tests.conftest import REAL_CALIBRATE

FIXTURES = Path(__file__).with_name("fixtures")
UNSIGNED = FIXTURES / "schema_0001" / "marac.db.keys"
SIGNED = FIXTURES / "keyslots_signed" / "marac.db.keys"
SIGNED_KEY = bytearray(range(32))
LEAD, LEAD_PASSWORD = "fixture.lead", "fixture harbour phrase"
RECOVERY_CODE = "ABCD-2345-EFGH-6789-JKLM-NPQR-STUV-WXYZ"


def _document(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_bytes())
    return document


def test_slots_from_before_signing_keys_open_with_their_passwords() -> None:
    slots = keyslots.read_slot_file(UNSIGNED)
    assert [s.name for s in slots.slots] == ["admin", keyslots.RECOVERY_SLOT, "fixture.idva"]
    for name, password in (
        ("admin", "fixture lantern phrase"),
        ("fixture.idva", "fixture river phrase"),
    ):
        slot = slots.find(name)
        assert slot is not None and slot.kind == "user" and slot.kdf == KdfParams(1, 8, 1)
        opened = keyslots.open_slot_fully(slot, password, slots.database_key_id)
        assert keyslots.database_key_id(opened.database_key) == slots.database_key_id
        assert len(opened.database_key) == keyslots.DATABASE_KEY_BYTES
        assert opened.signing_key is None  # an old slot: one is added at the next unlock
        assert opened.wrapping_key == keyslots.derive_wrapping_key(password, slot.salt, slot.kdf)
        with pytest.raises(WrongPasswordError, match="user name or password is not correct"):
            keyslots.open_slot(slot, password + " ", slots.database_key_id)
    recovery = slots.find(keyslots.RECOVERY_SLOT)
    assert recovery is not None and recovery.kind == "recovery"
    assert slots.find("nobody") is None


def test_a_signed_slot_opens_with_its_signing_key_and_witness() -> None:
    slots = keyslots.read_slot_file(SIGNED)
    assert slots.database_key_id == keyslots.database_key_id(SIGNED_KEY)
    slot = slots.find(LEAD)
    assert slot is not None
    opened = keyslots.open_slot_fully(slot, LEAD_PASSWORD, slots.database_key_id)
    assert opened.database_key == SIGNED_KEY
    assert opened.signing_key is not None
    assert keyslots._public_raw(opened.signing_key) == slot.signing_public_key
    assert slot.witness == keyslots.Witness(
        7, "ab" * 32, "2026-11-20T09:30:00+00:00", slot.witness.signature if slot.witness else b""
    )
    assert keyslots.witness_is_signed(slot)
    recovery = slots.find(keyslots.RECOVERY_SLOT)
    assert recovery is not None and recovery.kind == "recovery"
    code = keyslots.normalise_recovery_code(RECOVERY_CODE.lower())
    assert keyslots.open_slot(recovery, code, slots.database_key_id) == SIGNED_KEY


@pytest.mark.parametrize("path", [UNSIGNED, SIGNED], ids=["unsigned", "signed"])
def test_a_slot_file_is_written_back_byte_for_byte(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "marac.db.keys"
    keyslots.write_slot_file(copy, keyslots.read_slot_file(path))
    assert copy.read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        lambda w: {**w, "row": w["row"] + 1},
        lambda w: {**w, "hash": "cd" * 32},
        lambda w: {**w, "at": "2026-11-21T09:30:00+00:00"},
    ],
    ids=["row", "hash", "at"],
)
def test_a_moved_witness_is_not_signed(change: Any, tmp_path: Path) -> None:
    document = _document(SIGNED)
    lead = next(s for s in document["slots"] if s["name"] == LEAD)
    lead["witness"] = change(lead["witness"])
    slot = keyslots.decode_slot_file(json.dumps(document).encode()).find(LEAD)
    assert slot is not None and slot.witness is not None
    assert not keyslots.witness_is_signed(slot)


def test_a_witness_without_a_signing_key_or_a_valid_signature_is_not_signed() -> None:
    slot = keyslots.read_slot_file(SIGNED).find(LEAD)
    assert slot is not None and slot.witness is not None
    assert not keyslots.witness_is_signed(dataclasses.replace(slot, witness=None))
    assert not keyslots.witness_is_signed(dataclasses.replace(slot, signing_public_key=b""))
    garbled = dataclasses.replace(slot.witness, signature=b"\x00" * 64)
    assert not keyslots.witness_is_signed(dataclasses.replace(slot, witness=garbled))
    short = dataclasses.replace(slot, signing_public_key=b"\x01" * 5)  # not a key at all
    assert not keyslots.witness_is_signed(short)


def test_only_the_slots_own_key_can_sign_its_witness() -> None:
    slot = keyslots.read_slot_file(SIGNED).find(LEAD)
    assert slot is not None
    with pytest.raises(ValueError) as raised:
        keyslots.with_witness(slot, Ed25519PrivateKey.generate(), 8, "ef" * 32, "later")
    assert str(raised.value) == "the signing key does not belong to this slot"
    opened = keyslots.open_slot_fully(slot, LEAD_PASSWORD, keyslots.database_key_id(SIGNED_KEY))
    assert opened.signing_key is not None
    moved = keyslots.with_witness(slot, opened.signing_key, 8, "ef" * 32, "later")
    assert moved.witness is not None and moved.witness.row_id == 8
    assert keyslots.witness_is_signed(moved)
    other_name = dataclasses.replace(moved, name="someone.else")
    assert not keyslots.witness_is_signed(other_name)  # the name is in the signed message


def test_a_damaged_signing_key_is_named_not_mistaken_for_a_wrong_password() -> None:
    slot = keyslots.read_slot_file(SIGNED).find(LEAD)
    assert slot is not None
    wrapped = bytearray(slot.wrapped_signing_key)
    wrapped[0] ^= 1
    damaged = dataclasses.replace(slot, wrapped_signing_key=bytes(wrapped))
    with pytest.raises(CorruptDatabaseError) as raised:
        keyslots.open_slot_fully(damaged, LEAD_PASSWORD, keyslots.database_key_id(SIGNED_KEY))
    assert str(raised.value) == (
        "This user's signing key in the key-slot file is damaged; restore the key-slot file from "
        "a backup or ask an administrator to reset the password."
    )
    with pytest.raises(CorruptDatabaseError, match="does not match the database key"):
        keyslots.open_slot_fully(slot, LEAD_PASSWORD, "0" * 32)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: {**d, "format": "another-format"},
        lambda d: {**d, "version": 2},
        lambda d: {k: v for k, v in d.items() if k != "database_key_id"},
        lambda d: {**d, "slots": [{**d["slots"][0], "kdf": "scrypt"}]},
        lambda d: {**d, "slots": [{**d["slots"][0], "kind": "guest"}]},
        lambda d: {**d, "slots": [{**d["slots"][0], "salt": "not base64!"}]},
        lambda d: {**d, "slots": [{**d["slots"][0], "salt": "*" + d["slots"][0]["salt"]}]},
        lambda d: {
            **d,
            "slots": [
                {
                    **d["slots"][0],
                    "witness": {
                        **d["slots"][0]["witness"],
                        "signature": "*" + d["slots"][0]["witness"]["signature"],
                    },
                }
            ],
        },
        lambda d: {**d, "slots": [{**d["slots"][0], "t": "many"}]},
        lambda d: {**d, "slots": [{**d["slots"][0], "witness": {"row": 1}}]},
        lambda d: {
            **d,
            "slots": [{**d["slots"][0], "witness": {**d["slots"][0]["witness"], "signature": "?"}}],
        },
    ],
    ids=[
        "format",
        "version",
        "no-key-id",
        "kdf",
        "kind",
        "salt",
        "stray-character",
        "stray-in-signature",
        "costs",
        "witness",
        "signature",
    ],
)
def test_a_damaged_slot_file_is_refused_in_one_sentence(change: Any, tmp_path: Path) -> None:
    path = tmp_path / "marac.db.keys"
    path.write_text(json.dumps(change(_document(SIGNED))))
    with pytest.raises(CorruptDatabaseError) as raised:
        keyslots.read_slot_file(path)
    assert (
        str(raised.value)
        == "The key-slot file is damaged and cannot be read; restore it from a backup."
    )


def test_a_missing_slot_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotFoundError) as raised:
        keyslots.read_slot_file(tmp_path / "gone.db.keys")
    assert str(raised.value) == (
        "The key-slot file gone.db.keys is missing; it must sit next to the database."
    )


def test_the_key_id_is_a_fixed_fingerprint() -> None:
    assert keyslots.database_key_id(SIGNED_KEY) == "0aecf3713bc91a4c3b52518af40d1904"
    assert keyslots.database_key_id(bytes(SIGNED_KEY)) == keyslots.database_key_id(SIGNED_KEY)


def test_a_new_slot_uses_standard_sizes_and_a_fresh_salt_and_nonces() -> None:
    key = keyslots.new_database_key()
    assert isinstance(key, bytearray) and len(key) == keyslots.DATABASE_KEY_BYTES == 32
    first = keyslots.create_slot(LEAD, LEAD_PASSWORD, key, KdfParams(1, 8, 1))
    second = keyslots.create_slot(LEAD, LEAD_PASSWORD, key, KdfParams(1, 8, 1))
    for slot in (first, second):
        assert len(slot.salt) == 16
        assert len(slot.private_nonce) == len(slot.key_nonce) == len(slot.signing_nonce) == 12
        assert len(slot.public_key) == len(slot.signing_public_key) == 32
    for field in ("salt", "private_nonce", "key_nonce", "signing_nonce", "public_key"):
        assert getattr(first, field) != getattr(second, field), field


def test_an_old_slot_given_a_signing_key_opens_with_it_and_forgets_its_witness() -> None:
    slots = keyslots.read_slot_file(UNSIGNED)
    old = slots.find("admin")
    assert old is not None and not old.signing_public_key
    opened = keyslots.open_slot_fully(old, "fixture lantern phrase", slots.database_key_id)
    signed, signing_key = keyslots.add_signing_key(old, opened.wrapping_key)
    assert keyslots._public_raw(signing_key) == signed.signing_public_key
    reopened = keyslots.open_slot_fully(signed, "fixture lantern phrase", slots.database_key_id)
    assert reopened.signing_key is not None
    assert keyslots._public_raw(reopened.signing_key) == signed.signing_public_key
    assert reopened.database_key == opened.database_key
    witnessed = keyslots.with_witness(signed, signing_key, 3, "ab" * 32, "now")
    again, _key = keyslots.add_signing_key(witnessed, opened.wrapping_key)
    assert witnessed.witness is not None and again.witness is None  # the old key signed it


def test_recovery_codes_are_random_in_every_position() -> None:
    codes = [keyslots.normalise_recovery_code(keyslots.new_recovery_code()) for _ in range(40)]
    assert len(set(codes)) == len(codes)
    assert all(
        len(code) == 32 and set(code) <= set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for code in codes
    )
    for position in range(32):  # 40 codes share a character at a position by chance 1 in 32**39
        assert len({code[position] for code in codes}) > 1, position


def test_a_slot_file_replaces_and_removes_slots_by_name() -> None:
    slots = keyslots.read_slot_file(UNSIGNED)
    admin, recovery, idva = slots.slots
    assert [s.name for s in slots.without("admin").slots] == [
        keyslots.RECOVERY_SLOT,
        "fixture.idva",
    ]
    assert slots.without("nobody") == slots
    changed = dataclasses.replace(admin, salt=b"\x00" * 16)
    replaced = slots.with_slot(changed)
    assert replaced.slots == (recovery, idva, changed)
    assert replaced.database_key_id == slots.database_key_id
    added = slots.with_slot(dataclasses.replace(admin, name="new.user"))
    assert [s.name for s in added.slots][-1] == "new.user" and len(added.slots) == 4


@pytest.mark.parametrize(
    ("timings", "expected"),
    [
        # one pass at 256 MiB within the target: that memory, as many passes as fit
        ({262144: 0.1}, KdfParams(5, 262144, 4)),
        ({262144: 0.5}, KdfParams(1, 262144, 4)),
        ({262144: 0.3}, KdfParams(2, 262144, 4)),  # 1.67 passes rounds to 2
        # too slow: memory halves until a pass fits, never below 64 MiB
        ({262144: 2.0, 131072: 0.9, 65536: 0.2}, KdfParams(2, 65536, 4)),
        ({262144: 2.0, 131072: 0.25}, KdfParams(2, 131072, 4)),
        ({262144: 4.0, 131072: 2.0, 65536: 1.0}, KdfParams(1, 65536, 4)),
    ],
)
def test_calibration_picks_memory_then_passes(
    monkeypatch: pytest.MonkeyPatch, timings: dict[int, float], expected: KdfParams
) -> None:
    calls: list[tuple[int, int]] = []

    def one_pass(salt: bytes, memory_kib: int, parallelism: int) -> float:
        assert len(salt) == 16
        calls.append((memory_kib, parallelism))
        return timings[memory_kib]

    monkeypatch.setattr(keyslots, "_time_one_pass", one_pass)
    assert REAL_CALIBRATE() == expected
    assert {p for _m, p in calls} == {4}
    assert [m for m, _p in calls] == [m for m in timings for _ in range(2)]  # each timed twice


def test_calibration_takes_the_faster_of_two_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    times = iter([0.9, 0.25, 0.9, 0.9])
    monkeypatch.setattr(keyslots, "_time_one_pass", lambda salt, m, p: next(times))
    assert REAL_CALIBRATE(0.5, parallelism=2) == KdfParams(2, 262144, 2)
