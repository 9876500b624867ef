"""Bundled fonts for PDFs, and markup that picks the right font for each script.

ReportLab has no font fallback, so text is split into runs by script: Latin, Greek and
Cyrillic use Noto Sans; Arabic script (Arabic, Urdu, Persian) uses Noto Naskh Arabic after
joining-form shaping and right-to-left ordering; Chinese, Japanese and Korean use Droid Sans
Fallback.
"""

from __future__ import annotations

import functools
import re
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from marac_desktop.paths import resource_path

LATIN, LATIN_BOLD = "NotoSans", "NotoSans-Bold"
ARABIC, ARABIC_BOLD = "NotoNaskhArabic", "NotoNaskhArabic-Bold"
CJK = "DroidSansFallback"

_FILES = {
    LATIN: "NotoSans-Regular.ttf",
    LATIN_BOLD: "NotoSans-Bold.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_CJK = (
    "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
)
# A run of one script; spaces between two Arabic words stay inside the Arabic run.
_RUNS = re.compile(rf"([{_ARABIC}]+(?:[\s\u200c\u200d]+[{_ARABIC}]+)*)|([{_CJK}]+)")


@functools.cache
def register() -> None:
    """Register the bundled TTFs with ReportLab (once per process)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD
    )
    pdfmetrics.registerFontFamily(
        ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC, boldItalic=ARABIC_BOLD
    )
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)


def visual_arabic(text: str) -> str:
    """Arabic-script text in joined forms and left-to-right drawing order."""
    return str(get_display(arabic_reshaper.reshape(text)))


def latin_only(text: str) -> bool:
    """Whether ``text`` is drawn in the Latin font alone (no Arabic or CJK run)."""
    return _RUNS.search(text) is None


def markup(text: str, bold: bool = False) -> str:
    """Paragraph markup for ``text`` with each script run in a font that has its glyphs."""
    parts: list[str] = []
    position = 0
    for match in _RUNS.finditer(text):
        if match.start() > position:
            parts.append(escape(text[position : match.start()]))
        arabic, cjk = match.groups()
        if arabic:
            font = ARABIC_BOLD if bold else ARABIC
            parts.append(f'<font name="{font}">{escape(visual_arabic(arabic))}</font>')
        else:
            parts.append(f'<font name="{CJK}">{escape(cjk)}</font>')
        position = match.end()
    parts.append(escape(text[position:]))
    joined = "".join(parts)
    return f"<b>{joined}</b>" if bold else joined
