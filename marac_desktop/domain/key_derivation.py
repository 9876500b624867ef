"""Argon2id cost parameters, stored with each key slot."""

from __future__ import annotations

from dataclasses import dataclass

MAX_TIME_COST = 64
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB; calibration picks at most 256 MiB
MAX_PARALLELISM = 64


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost: iterations, memory in KiB, lanes."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def __post_init__(self) -> None:
        """Refuse costs Argon2id cannot run, or would run for hours (a damaged key-slot file)."""
        if not (
            1 <= self.parallelism <= MAX_PARALLELISM
            and 8 * self.parallelism <= self.memory_kib <= MAX_MEMORY_KIB
            and 1 <= self.time_cost <= MAX_TIME_COST
        ):
            raise ValueError("Argon2id costs out of range")

    def label(self) -> str:
        return f"t={self.time_cost},m={self.memory_kib},p={self.parallelism}"


# Cheap parameters for tests only; the application calibrates real ones.
TEST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)
