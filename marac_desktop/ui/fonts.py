"""Bundled fonts, so names in every script (Latin, Arabic, CJK, ...) display the same everywhere."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

logger = logging.getLogger(__name__)

FONT_SUFFIXES = frozenset({".ttf", ".otf"})
PREFERRED_FAMILY = "Noto Sans"


def load_bundled_fonts(folder: Path) -> list[str]:
    """Register every font file in ``folder``; return the families added (none if it is empty)."""
    if not folder.is_dir():
        return []
    families: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            logger.warning("Could not load the bundled font %s.", path.name)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def interface_families(families: list[str], fallback: str) -> list[str]:
    """Proportional families in fallback order: Noto Sans first, the platform font last."""
    proportional = [family for family in families if "mono" not in family.lower()]
    proportional.sort(key=lambda family: family != PREFERRED_FAMILY)
    return [*proportional, fallback]


def use_bundled_fonts(application: QApplication, families: list[str]) -> None:
    if not families:
        return
    font = QFont(application.font())
    font.setFamilies(interface_families(families, font.family()))
    application.setFont(font)
