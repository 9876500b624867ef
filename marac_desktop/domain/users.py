"""Staff accounts and their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType

UserId = NewType("UserId", int)

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


class Role(StrEnum):
    IDVA = "idva"
    COORDINATOR = "coordinator"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.IDVA: "IDVA",
    Role.COORDINATOR: "MARAC coordinator",
    Role.SAFEGUARDING_LEAD: "Safeguarding lead",
    Role.ADMIN: "Administrator",
}


@dataclass(frozen=True, slots=True)
class User:
    id: UserId
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IdvaAccount:
    """An active IDVA account, as the IDVA dialog offers it for a case."""

    username: str
    display_name: str
