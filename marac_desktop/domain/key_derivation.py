"""Argon2id cost parameters, stored with each key slot."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost: iterations, memory in KiB, lanes."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def label(self) -> str:
        return f"t={self.time_cost},m={self.memory_kib},p={self.parallelism}"


# Cheap parameters for tests only; the application calibrates real ones.
TEST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)
