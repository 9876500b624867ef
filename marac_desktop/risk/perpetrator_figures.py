"""The performance report's figures about perpetrators: what each counts and what it is called.

Each perpetrator is counted once in a period, however many of their cases were discussed:

- **in cases discussed**: recorded as the person causing harm in a case discussed in the
  period (``risk.discussions``: heard at a held meeting, or marked heard where no meeting is
  recorded);
- **in a high-risk case**: one of those discussions counted as high risk (a completed
  high-risk assessment by the meeting day, as the return's high-risk column);
- **in a repeat case**: one of those discussions counted as a repeat (as the return's
  repeats);
- **under 18**: under 18 (``domain.cases.age_on``, ``risk.engine.ADULT_AGE``) on the day one
  of their cases was discussed, so on the first such day in the period;
- **serial**: the serial-perpetrator rule (``risk.flags.serial_perpetrator_flag``) applied on
  the period's last day: victims in their cases with an incident or referral inside the area's
  serial window ending that day, each case dated by its latest such record up to that day.

Interventions are counted by the outcome last recorded for them, when that was recorded in
the period (an intervention only referred has no outcome yet).

These are counts of people, not of discussions, so they do not add up across meetings: they
are published for the whole period only. Every label is written here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desktop.domain.perpetrators import InterventionStatus
from marac_desktop.domain.words import period
from marac_desktop.risk.flags import FlagRules, PerpetratorCase, serial_perpetrator_flag
from marac_desktop.risk.policy import AreaPolicy


class PerpetratorFigure(StrEnum):
    RECORDED = "recorded"
    HIGH_RISK = "high_risk"
    SERIAL = "serial"
    REPEAT = "repeat"
    UNDER_18 = "under_18"

    @property
    def name_in_table(self) -> str:
        """The figure's name under the heading "Perpetrators, each counted once"."""
        return _NAMES[self]

    @property
    def label(self) -> str:
        """The figure's name standing alone (a column of the CSV, a row of the workbook)."""
        return f"{PERPETRATORS_HEADING}{_NAMES[self].lower()}"


_NAMES = {
    PerpetratorFigure.RECORDED: "In cases discussed",
    PerpetratorFigure.HIGH_RISK: "In a high-risk case",
    PerpetratorFigure.SERIAL: "Serial (two or more victims within the serial window)",
    PerpetratorFigure.REPEAT: "In a repeat case",
    PerpetratorFigure.UNDER_18: "Under 18 when discussed",
}
PERPETRATORS_HEADING = "Perpetrators: "
PERPETRATORS_TITLE = "Perpetrators, each counted once"
INTERVENTIONS_HEADING = "Interventions: "
INTERVENTIONS_TITLE = "Interventions by outcome"

OUTCOMES = tuple(s for s in InterventionStatus if s is not InterventionStatus.REFERRED)
"""The outcomes counted, in the order they are listed."""
WITH_AN_OUTCOME = "With an outcome"
"""The interventions' total: every outcome recorded in the period."""


def outcome_label(status: InterventionStatus | None) -> str:
    """An outcome's name standing alone; None names the total."""
    name = WITH_AN_OUTCOME if status is None else status.label
    return f"{INTERVENTIONS_HEADING}{name.lower()}"


SERIAL_WINDOW_LABEL = "Serial perpetrator window in days (area setting)"
PERIOD_ONLY_NOTE = (
    "Each perpetrator is counted once in the period, however many of their cases were "
    "discussed, so these figures are given for the whole period and not by meeting."
)


def serial_note(window_days: int) -> str:
    """What the serial figure counts, with the area's window in words."""
    return (
        "Serial: two or more victims in their cases with an incident or referral in the "
        f"{period(window_days)} up to the period's last day (the area's serial window)."
    )


OUTCOMES_NOTE = "Interventions whose outcome was last recorded in the period, by that outcome."


@dataclass(frozen=True, slots=True)
class PerpetratorFigures:
    recorded: int = 0
    high_risk: int = 0
    serial: int = 0
    repeat: int = 0
    under_18: int = 0
    outcomes: tuple[tuple[InterventionStatus, int], ...] = tuple((s, 0) for s in OUTCOMES)
    """Every outcome of ``OUTCOMES``, in its order, zeros included."""
    serial_window_days: int = AreaPolicy().serial_window_days
    """The area's serial window the serial figure was counted with."""

    def count(self, figure: PerpetratorFigure) -> int:
        value: int = getattr(self, figure.value)
        return value

    @property
    def with_an_outcome(self) -> int:
        return sum(n for _, n in self.outcomes)


def serial_count(
    cases_by_perpetrator: Iterable[Sequence[PerpetratorCase]], last_day: date, rules: FlagRules
) -> int:
    """How many of the perpetrators (each given by their dated cases) the serial-perpetrator
    flag's rule finds serial on ``last_day``."""
    return sum(
        1 for cases in cases_by_perpetrator if serial_perpetrator_flag(cases, last_day, rules)
    )
