"""Colours, words and the style sheet shared by the assessment screens.

A level is always shown with its words as well as its colour, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from marac_desktop.risk import RiskLevel

from marac_desktop.ui import style

ACCENT = "#1a5fb4"
BORDER = "#c9ced6"
CARD_BACKGROUND = "#ffffff"
PAGE_BACKGROUND = "#f5f6f8"
TEXT = "#1f2328"
PROMPT_BACKGROUND = "#fff4d6"
PROMPT_BORDER = "#d49a00"
QUESTION_SCALE = 1.2
HELP_SCALE = 0.92


@dataclass(frozen=True, slots=True)
class LevelLook:
    words: str
    """The level in words, e.g. "High risk"."""
    strong: str
    """Badge background; white text reads on it."""
    tint: str
    """A light background for table cells, read with dark text."""


LEVELS: dict[RiskLevel, LevelLook] = {
    RiskLevel.HIGH: LevelLook("High risk", "#b3261e", "#f9dedc"),
    RiskLevel.MEDIUM: LevelLook("Medium risk", "#8a5a00", "#fbe7c0"),
    RiskLevel.STANDARD: LevelLook("Standard risk", "#1e6b34", "#d8efdd"),
}


def level_look(level: str | RiskLevel) -> LevelLook | None:
    """The look of a stored level string; None when there is no level (an empty draft)."""
    try:
        return LEVELS[RiskLevel(level)]
    except ValueError:
        return None


def level_words(level: str | RiskLevel) -> str:
    look = level_look(level)
    return look.words if look else "Not scored"


def badge_style(level: RiskLevel) -> str:
    look = LEVELS[level]
    return (
        f"background: {look.strong}; color: white; border-radius: 8px; padding: 10px 14px;"
        " font-weight: 700;"
    )


def no_badge_style() -> str:
    """Where the badge goes before there is a level: the same room, no colour."""
    return (
        f"background: transparent; color: {style.MUTED_COLOUR}; border: 1px dashed {BORDER};"
        " border-radius: 8px; padding: 10px 14px; font-weight: 600;"
    )


STYLE_SHEET = f"""
QFrame#questionCard {{
    background: {CARD_BACKGROUND};
    border: 1px solid {BORDER};
    border-radius: 10px;
}}
QFrame#questionCard QLabel {{ background: transparent; }}
QWidget#answerRow {{ border: 2px solid transparent; border-radius: 8px; }}
QWidget#answerRow:focus {{ border: 2px solid {ACCENT}; background: #eaf1fb; }}
QPushButton#answerButton {{
    padding: 7px 18px;
    min-height: 24px;
    min-width: 84px;
    border: 1px solid #8a9099;
    border-radius: 7px;
    background: #ffffff;
    color: {TEXT};
}}
QPushButton#answerButton:hover {{ background: #eef3fb; }}
QPushButton#answerButton:checked {{
    background: {ACCENT};
    border: 1px solid {ACCENT};
    color: #ffffff;
    font-weight: 700;
}}
QPushButton#answerButton:disabled {{ color: #6b7178; background: #f1f2f4; border-color: #c9ced6; }}
QPushButton#answerButton:checked:disabled {{
    background: #3d5f8c;
    border-color: #3d5f8c;
    color: #ffffff;
}}
QProgressBar {{ border: none; background: #dfe3e8; border-radius: 4px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 4px; }}
QFrame#promptBox {{
    background: {PROMPT_BACKGROUND};
    border: 1px solid {PROMPT_BORDER};
    border-radius: 8px;
}}
QFrame#promptBox QLabel {{ background: transparent; }}
QFrame#readOnlyBanner {{
    background: #e8eef7;
    border: 1px solid #9fb3d1;
    border-radius: 8px;
}}
QFrame#readOnlyBanner QLabel {{ background: transparent; }}
QFrame#resultPanel {{
    background: {CARD_BACKGROUND};
    border-left: 1px solid {BORDER};
}}
QFrame#resultPanel QLabel {{ background: transparent; }}
QScrollArea#stepScroll {{ background: {PAGE_BACKGROUND}; border: none; }}
QWidget#stepBody {{ background: {PAGE_BACKGROUND}; }}
QListWidget#stepList {{
    background: {PAGE_BACKGROUND};
    border: 2px solid transparent;
    border-right: 1px solid {BORDER};
    padding-top: 6px;
}}
QListWidget#stepList:focus {{ border-color: {ACCENT}; }}
QListWidget#stepList::item {{ padding: 8px 12px; }}
QListWidget#stepList::item:selected {{
    background: #dde7f5;
    color: {TEXT};
    border-left: 4px solid {ACCENT};
}}
"""
