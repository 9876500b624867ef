"""Print a PDF: each page rendered with pdfium and painted onto the printer, fitted to the page.

Nothing is written to disk: the PDF stays in memory and goes straight to the printer.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from marac_desktop.errors import UserFacingError

POINTS_PER_INCH = 72
MAX_RENDER_DPI = 300
"""Enough for sharp text; a 1200 dpi A4 page would be over half a gigabyte of pixels."""


class PrintingError(UserFacingError):
    """The printer could not be started or the document could not be read."""


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, printer: QPrinter | None = None) -> bool:
    """Print ``pdf_bytes``; asks for a printer unless one is given. False if the user cancels."""
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    try:
        document = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError:
        raise PrintingError(
            "The document to print could not be read; nothing was printed."
        ) from None
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise PrintingError(
                "The printer could not be started; check that it is ready and try again."
            )
        for number in range(len(document)):
            if number and not printer.newPage():
                raise PrintingError("The printer stopped part way through; check the printout.")
            _paint_page(painter, printer, document[number])
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return True


def _paint_page(painter: QPainter, printer: QPrinter, page: pdfium.PdfPage) -> None:
    # The painter's origin is the top left of the printable area, so fit into its size.
    printable = printer.pageLayout().paintRectPixels(printer.resolution())
    target = QRectF(QPointF(0, 0), QSizeF(printable.size()))
    width_points, height_points = page.get_size()
    fitted = QSizeF(width_points, height_points).scaled(
        target.size(), Qt.AspectRatioMode.KeepAspectRatio
    )
    render_dpi = min(printer.resolution(), MAX_RENDER_DPI)
    scale = min(render_dpi / POINTS_PER_INCH, fitted.width() / width_points)
    bitmap = page.render(
        scale=scale,
        force_bitmap_format=pdfium_raw.FPDFBitmap_BGRA,
        rev_byteorder=True,
    )
    try:
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGBA8888,
        ).copy()
    finally:
        bitmap.close()
        page.close()
    left = target.left() + (target.width() - fitted.width()) / 2
    top = target.top() + (target.height() - fitted.height()) / 2
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRectF(left, top, fitted.width(), fitted.height()), image)
