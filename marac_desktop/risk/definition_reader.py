"""Strict readers for the TOML data files in ``forms/`` and ``risk_models/``.

Every problem becomes a ModelDefinitionError whose message names the file, the place inside it
(for example ``question q3``) and the key, so whoever edits a data file can find the fault.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from marac_desktop.errors import ModelDefinitionError

FILE_ID = re.compile(r"[a-z][a-z0-9-]*")
ITEM_ID = re.compile(r"[a-z][a-z0-9_]*")
_ID_CHARACTERS = {FILE_ID: "a-z, 0-9 and -", ITEM_ID: "a-z, 0-9 and _"}

Table = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a data file, such as ``forms/dash.toml: question q3``."""

    file: str
    parts: tuple[str, ...] = ()

    @classmethod
    def of(cls, path: Path) -> Where:
        return cls(f"{path.parent.name}/{path.name}")

    def at(self, part: str) -> Where:
        return Where(self.file, (*self.parts, part))

    def error(self, message: str) -> ModelDefinitionError:
        return ModelDefinitionError(": ".join((self.file, *self.parts, message)))


def read_toml(path: Path) -> dict[str, object]:
    where = Where.of(path)
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise where.error("the file could not be read") from error
    except tomllib.TOMLDecodeError as error:
        raise where.error(f"the file is not valid TOML ({error})") from error
    except UnicodeDecodeError as error:
        raise where.error("the file is not UTF-8 text") from error


def check_keys(
    table: Table, where: Where, required: Collection[str], optional: Collection[str] = ()
) -> None:
    for key in table:
        if key not in required and key not in optional:
            raise where.error(f"key '{key}' is not recognised")
    for key in required:
        if key not in table:
            raise where.error(f"key '{key}' is missing")


def get_str(table: Table, key: str, where: Where, *, default: str | None = None) -> str:
    value = table.get(key, default)
    if value is None:
        raise where.error(f"key '{key}' is missing")
    if not isinstance(value, str):
        raise where.error(f"key '{key}' must be text")
    if default is None and not value.strip():
        raise where.error(f"key '{key}' must not be empty")
    return value.strip()


def get_id(table: Table, key: str, where: Where, pattern: re.Pattern[str] = ITEM_ID) -> str:
    value = get_str(table, key, where)
    if not pattern.fullmatch(value):
        raise where.error(
            f"key '{key}' must start with a letter and use only {_ID_CHARACTERS[pattern]}"
        )
    return value


def get_int(
    table: Table, key: str, where: Where, *, minimum: int = 1, maximum: int | None = None
) -> int:
    value = table.get(key)
    if value is None:
        raise where.error(f"key '{key}' is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise where.error(f"key '{key}' must be a whole number")
    if value < minimum:
        raise where.error(f"key '{key}' must be {minimum} or more")
    if maximum is not None and value > maximum:
        raise where.error(f"key '{key}' must be {maximum:,} or less")
    return value


def get_bool(table: Table, key: str, where: Where, *, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise where.error(f"key '{key}' must be true or false")
    return value


def get_tables(table: Table, key: str, where: Where, *, required: bool) -> list[Table]:
    value = table.get(key)
    if value is None:
        if required:
            raise where.error(f"key '{key}' is missing")
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise where.error(f"key '{key}' must be a list of tables")
    if required and not value:
        raise where.error(f"key '{key}' must not be empty")
    return value


def get_table(table: Table, key: str, where: Where) -> Table:
    value = table.get(key)
    if value is None:
        raise where.error(f"key '{key}' is missing")
    if not isinstance(value, dict):
        raise where.error(f"key '{key}' must be a table")
    return value


def get_str_list(table: Table, key: str, where: Where) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise where.error(f"key '{key}' must be a list of text")
    return tuple(value)


def check_unique(ids: list[str], where: Where, what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise where.at(f"{what} {item_id}").error("the id is used more than once")
        seen.add(item_id)


def check_file_name(path: Path, file_id: str) -> None:
    if path.stem != file_id:
        raise Where.of(path).error(f"key 'id' is '{file_id}' but the file is named {path.name}")
