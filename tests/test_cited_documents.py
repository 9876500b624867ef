"""Every document a module or test names is in the repository, so a newcomer with only the
repository can follow each pointer (the design is docs/architecture.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_CITED = re.compile(r"(?<![\w/.-])([\w./-]*[\w-]\.md)\b")
SOURCES = sorted(
    p
    for folder in ("marac_desktop", "tests")
    for p in (ROOT / folder).rglob("*.py")
    if p != Path(__file__).resolve()
)


def cited(text: str) -> set[str]:
    return set(_CITED.findall(text))


def test_the_pattern_finds_citations() -> None:
    assert cited("see DESIGN.md section 2 and ../shared/reference/domain.md") == {
        "DESIGN.md",
        "../shared/reference/domain.md",
    }
    assert cited("format: ``forms/README.md`` (answers)") == {"forms/README.md"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_cited_documents_exist(path: Path) -> None:
    missing = {
        name for name in cited(path.read_text(encoding="utf-8")) if not (ROOT / name).is_file()
    }
    assert not missing, f"names documents the repository does not hold: {sorted(missing)}"
