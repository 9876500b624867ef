"""Read a user's JSON or TOML input file (answers, area policy), or say plainly why not."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from marac_desktop.errors import InvalidInputError


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> object:
    raise ValueError(name)


def read_input_file(path: Path, what: str) -> dict[str, object]:
    """The top-level object of ``path`` (``.json``, or ``.toml`` when the name ends so).

    ``what`` names the file for messages, for example "answers file".
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"The {what} {path.name} does not exist; check the path.") from None
    except OSError:
        raise InvalidInputError(
            f"The {what} {path.name} could not be read; check that it is a file you may open."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInputError(f"The {what} {path.name} is not UTF-8 text.") from None
    if path.suffix.lower() == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InvalidInputError(
                f"The {what} {path.name} is not valid TOML ({error})."
            ) from None
    try:
        data = json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except _DuplicateKeyError as error:
        raise InvalidInputError(
            f"The {what} {path.name} has the key '{error.key[:40]}' twice; keep only one."
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"The {what} {path.name} is not valid JSON (line {error.lineno}, "
            f"column {error.colno}: {error.msg})."
        ) from None
    except (ValueError, RecursionError):
        raise InvalidInputError(f"The {what} {path.name} is not valid JSON.") from None
    if not isinstance(data, dict):
        raise InvalidInputError(f"The {what} {path.name} must hold one JSON object {{...}}.")
    return data
