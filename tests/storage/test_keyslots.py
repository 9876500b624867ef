from __future__ import annotations

import dataclasses
import time

import pytest

from marac_desktop.domain.key_derivation import TEST_KDF, KdfParams
from marac_desktop.errors import CorruptDatabaseError, WrongPasswordError
from marac_desktop.storage import keyslots
from marac_desktop.storage.keyslots import KeySlotFile
from tests.conftest import REAL_CALIBRATE


@pytest.fixture
def key() -> bytearray:
    return keyslots.new_database_key()


def test_slot_round_trip(key: bytearray) -> None:
    slot = keyslots.create_slot("ivy", "ivy's passphrase", key, TEST_KDF)
    assert keyslots.open_slot(slot, "ivy's passphrase", keyslots.database_key_id(key)) == key


def test_wrong_password(key: bytearray) -> None:
    slot = keyslots.create_slot("ivy", "ivy's passphrase", key, TEST_KDF)
    with pytest.raises(WrongPasswordError):
        keyslots.open_slot(slot, "not it", keyslots.database_key_id(key))


def test_slot_is_bound_to_its_user_and_parameters(key: bytearray) -> None:
    slot = keyslots.create_slot("ivy", "ivy's passphrase", key, TEST_KDF)
    key_id = keyslots.database_key_id(key)
    with pytest.raises(WrongPasswordError):
        keyslots.open_slot(dataclasses.replace(slot, name="admin"), "ivy's passphrase", key_id)
    weaker = KdfParams(1, 8, 1) if KdfParams(1, 8, 1) != TEST_KDF else KdfParams(2, 8, 1)
    with pytest.raises(WrongPasswordError):
        keyslots.open_slot(dataclasses.replace(slot, kdf=weaker), "ivy's passphrase", key_id)


def test_reseal_gives_new_key_without_password(key: bytearray) -> None:
    slot = keyslots.create_slot("ivy", "ivy's passphrase", key, TEST_KDF)
    new_key = keyslots.new_database_key()
    resealed = keyslots.reseal_slot(slot, new_key)
    assert keyslots.open_slot(resealed, "ivy's passphrase", keyslots.database_key_id(new_key)) == (
        new_key
    )
    with pytest.raises(CorruptDatabaseError):
        keyslots.open_slot(resealed, "ivy's passphrase", keyslots.database_key_id(key))


def test_file_round_trip_and_damage(key: bytearray) -> None:
    slots = KeySlotFile(
        keyslots.database_key_id(key), (keyslots.create_slot("ivy", "pw pw pw pw", key, TEST_KDF),)
    )
    assert keyslots.decode_slot_file(keyslots.encode_slot_file(slots)) == slots
    for damaged in (b"", b"{}", b"not json", keyslots.encode_slot_file(slots)[:-40]):
        with pytest.raises(CorruptDatabaseError):
            keyslots.decode_slot_file(damaged)


def test_recovery_code_normalisation() -> None:
    code = keyslots.new_recovery_code()
    assert len(code) == 39 and code.count("-") == 7
    assert keyslots.normalise_recovery_code(code.lower().replace("-", " ")) == code.replace("-", "")


def test_real_calibration_takes_about_half_a_second() -> None:
    params = REAL_CALIBRATE(0.5)
    elapsed = min(_derive_seconds(params) for _ in range(3))  # the quietest of three
    assert params.memory_kib >= 64 * 1024
    assert elapsed > 0.2, (params, elapsed)
    if params.memory_kib > 64 * 1024:  # at the floor a busy machine may take longer, by design
        assert elapsed < 1.2, (params, elapsed)


def _derive_seconds(params: KdfParams) -> float:
    start = time.perf_counter()
    keyslots.derive_wrapping_key("a passphrase", b"0123456789abcdef", params)
    return time.perf_counter() - start
