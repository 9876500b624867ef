"""The perpetrator priority model an administrator sets: the model in use (id, version, window,
recency and frequency bands, gravity points per incident kind and per checklist factor, and the
points for victims), every weight editable and saved as a new version."""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from marac_desktop.domain.records import INCIDENT_WORDS
from marac_desktop.domain.words import agreeing
from marac_desktop.errors import UserFacingError
from marac_desktop.risk.priority_model import (
    MAX_POINTS,
    MAX_WINDOW_DAYS,
    FactorWeight,
    FrequencyBand,
    KindWeight,
    PriorityModel,
    RecencyBand,
    VictimWeights,
)
from marac_desktop.services import perpetrator_ranking

from marac_desktop.ui import style
from marac_desktop.ui.widgets.flow_layout import FlowLayout, kept_together
from marac_desktop.ui.widgets.text import StatusLabel, heading_label, muted_label, paragraph_label

if TYPE_CHECKING:
    from marac_desktop.services.workspace import Workspace

MAX_VERSION = 1_000_000
CHECKED_AS = "the weights: "
"""How the service's checks name what it read (see ``save_priority_model``)."""
VICTIM_FIELDS: dict[str, tuple[str, str]] = {
    "more_than_one": ("Two or more victims", "Points when the window holds two or more victims"),
    "per_victim_beyond_two": (
        "Each victim beyond two",
        "Points for each victim in the window after the second",
    ),
    "child": ("Each victim under 18", "Points for each victim in the window under 18"),
    "pregnant": ("Each pregnant victim", "Points for each victim in the window who is pregnant"),
}


def version_rule(current: int) -> str:
    """The rule ``save_priority_model`` applies, said before the administrator saves."""
    return (
        f"Changed weights are saved as a new version above {current}, the one in use, so "
        "every ranking names the weights that made it."
    )


def refusal_text(message: str) -> str:
    """The service's refusal as one sentence: the model checks name a file's keys, which this
    box shows as fields ("recency band 2: points must not be more than ...")."""
    if not message.startswith(CHECKED_AS):
        return message
    detail = re.sub(r"key '(\w+)'", lambda m: m.group(1).replace("_", " "), message)
    return f"Not saved: {detail.removeprefix(CHECKED_AS).rstrip('.')}."


def saved_text(model: PriorityModel) -> str:
    return (
        f"Saved as version {model.version}: rankings from now on use these weights and name "
        "this version."
    )


def _spin(name: str, description: str, low: int, high: int, unit: str = "") -> QSpinBox:
    """A number of ``unit`` (a singular noun), its word agreeing with the number shown."""
    spin = QSpinBox()
    spin.setRange(low, high)
    if unit:
        spin.valueChanged.connect(lambda value: spin.setSuffix(f" {agreeing(value, unit)}"))
        spin.setSuffix(f" {agreeing(spin.value(), unit)}")
    spin.setAccessibleName(name)
    spin.setAccessibleDescription(description)
    spin.setMinimumWidth(style.ems(8))
    return spin


def _points(name: str, description: str, minimum: int = 0) -> QSpinBox:
    return _spin(name, description, minimum, MAX_POINTS, "point")


class PriorityModelBox(QGroupBox):
    """For an administrator (the Settings page offers it to no one else). Saving is audited
    by the service, which refuses what the model file's checks refuse, in one sentence; the
    values typed stay as they were, to correct."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__("Perpetrator priority", parent)
        self._workspace = workspace
        self.model = perpetrator_ranking.priority_model(workspace)
        model = self.model
        self.model_label = heading_label("", 3)
        self.rule_label = muted_label()
        self.version_spin = _spin(
            "Version to save as",
            "A number above the version in use; every ranking names it",
            1,
            MAX_VERSION,
        )
        self.window_spin = _spin(
            "Window",
            "Only incidents and referrals this many days back count",
            1,
            MAX_WINDOW_DAYS,
            "day",
        )
        self.recency_spins = [
            (
                _spin(
                    f"Recency band {n}: days",
                    "The last incident or referral at most this many days ago",
                    0,
                    MAX_WINDOW_DAYS,
                    "day",
                ),
                _points(f"Recency band {n}: points", "Points for a last incident this recent"),
            )
            for n, _band in enumerate(model.recency, 1)
        ]
        self.frequency_spins = [
            (
                _spin(
                    f"Frequency band {n}: incidents",
                    "At least this many incidents in the window",
                    0,
                    MAX_POINTS,
                    "incident",
                ),
                _points(f"Frequency band {n}: points", "Points for this many incidents or more"),
            )
            for n, _band in enumerate(model.frequency, 1)
        ]
        self.kind_spins = {
            weight.kind: _points(
                INCIDENT_WORDS[weight.kind], "Points for each incident of this kind in the window"
            )
            for weight in model.incident_kinds
        }
        self.factor_spins = {
            factor.question: _points(
                factor.label.capitalize(),
                "Points, once, when an assessment in the window answered this question yes",
            )
            for factor in model.factors
        }
        self.victim_spins = {
            name: _points(label, description, minimum=1 if name == "more_than_one" else 0)
            for name, (label, description) in VICTIM_FIELDS.items()
        }
        self.save_button = QPushButton("Save weights", self)
        self.save_button.setAutoDefault(True)
        self.status = StatusLabel(self)
        self._build()
        self.show_model(model)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph_label(
                "The weights that rank perpetrators by the harm they are causing now: how "
                "recently, how often and how seriously, and who the victims are."
            )
        )
        layout.addWidget(self.model_label)
        model_form = QFormLayout()
        model_form.addRow("Window", self.window_spin)
        model_form.addRow("Save as version", self.version_spin)
        _stay_narrow(model_form)
        layout.addLayout(model_form)
        layout.addWidget(self.rule_label)
        sections: list[tuple[str, str, list[tuple[str, QWidget]]]] = [
            (
                "Recency",
                "Days since the last incident or referral: the first band it falls within.",
                [
                    (f"Band {n}: within", _band(days, points))
                    for n, (days, points) in enumerate(self.recency_spins, 1)
                ],
            ),
            (
                "Frequency",
                "Incidents in the window: the highest band reached.",
                [
                    (f"Band {n}: at least", _band(count, points))
                    for n, (count, points) in enumerate(self.frequency_spins, 1)
                ],
            ),
            (
                "Gravity: each incident of a kind",
                "",
                [(INCIDENT_WORDS[kind], spin) for kind, spin in self.kind_spins.items()],
            ),
            (
                "Gravity: what an assessment says of the perpetrator",
                "Points once, when any assessment in the window answered the question yes.",
                [
                    (factor.label.capitalize(), self.factor_spins[factor.question])
                    for factor in self.model.factors
                ],
            ),
            (
                "Victims",
                "",
                [(VICTIM_FIELDS[name][0], spin) for name, spin in self.victim_spins.items()],
            ),
        ]
        for heading, note, rows in sections:
            layout.addWidget(heading_label(heading, 3))
            if note:
                layout.addWidget(muted_label(note))
            form = QFormLayout()
            for label, field in rows:
                form.addRow(label, field)
            _stay_narrow(form)
            layout.addLayout(form)
        buttons = FlowLayout()
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def show_model(self, model: PriorityModel) -> None:
        """Show ``model`` as the one in use, ready to be saved as the next version."""
        self.model = model
        self.model_label.setText(f"{model.title} ({model.id}, version {model.version} in use)")
        self.rule_label.setText(version_rule(model.version))
        self.version_spin.setValue(model.version + 1)
        self.window_spin.setValue(model.window_days)
        for (days, points), recency in zip(self.recency_spins, model.recency, strict=True):
            days.setValue(recency.within_days)
            points.setValue(recency.points)
        for (count, points), frequency in zip(self.frequency_spins, model.frequency, strict=True):
            count.setValue(frequency.min_incidents)
            points.setValue(frequency.points)
        for weight in model.incident_kinds:
            self.kind_spins[weight.kind].setValue(weight.points)
        for factor in model.factors:
            self.factor_spins[factor.question].setValue(factor.points)
        victims = asdict(model.victims)
        for name, spin in self.victim_spins.items():
            spin.setValue(victims[name])

    def edited(self) -> PriorityModel:
        """The model as the fields now say, to be checked by the service."""
        model = self.model
        return replace(
            model,
            version=self.version_spin.value(),
            window_days=self.window_spin.value(),
            recency=tuple(
                RecencyBand(days.value(), points.value()) for days, points in self.recency_spins
            ),
            frequency=tuple(
                FrequencyBand(count.value(), points.value())
                for count, points in self.frequency_spins
            ),
            incident_kinds=tuple(
                KindWeight(kind, spin.value()) for kind, spin in self.kind_spins.items()
            ),
            factors=tuple(
                FactorWeight(f.question, self.factor_spins[f.question].value(), f.label)
                for f in model.factors
            ),
            victims=VictimWeights(
                **{name: spin.value() for name, spin in self.victim_spins.items()}
            ),
        )

    def _on_save_button_clicked(self) -> None:
        try:
            saved = perpetrator_ranking.save_priority_model(self._workspace, self.edited())
        except UserFacingError as error:
            self.status.show_error(refusal_text(str(error)))
            return
        self.show_model(saved)
        self.status.show_success(saved_text(saved))


def _stay_narrow(form: QFormLayout) -> None:
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)


def _band(threshold: QSpinBox, points: QSpinBox) -> QWidget:
    """A band's two numbers on one line: "30 days scores 20 points"."""
    return kept_together(threshold, QLabel("scores"), points)
