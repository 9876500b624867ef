"""ReportLab formats every number it writes into a PDF through ``fp_str``: in Python that was a
fifth of the ten-year performance report's CPU time, so the C accelerator must be installed."""

from __future__ import annotations

from reportlab.lib import rl_accel


def test_reportlab_formats_numbers_in_c() -> None:
    assert rl_accel.fp_str.__module__ == "_rl_accel", "rl-accel is not installed"
    assert rl_accel.fp_str(1.5, 0.25, 2) == "1.5 .25 2"
