"""The status bar's view of the background job: what runs, how far it is, and a Stop button."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from marac_desktop.ui.background import BackgroundRunner

NOTE_MS = 8000
CANNOT_STOP = "this part cannot be stopped"
STOPPING = "stopping…"


class JobPanel(QWidget):
    """Hidden while nothing runs. The sentence that ends a stopped job, and (unless
    ``show_refusals`` is False: the main window shows them in its status bar) a refused second
    job's sentence, show here for a while."""

    def __init__(
        self, runner: BackgroundRunner, parent: QWidget | None = None, show_refusals: bool = True
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.stop_button = QPushButton("Stop")
        self.note = QLabel()
        self.note.setVisible(False)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_MS)
        self._note_timer.timeout.connect(self._on_note_timer_timeout)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.stop_button)
        self.stop_button.clicked.connect(self._on_stop_button_clicked)
        runner.changed.connect(self._on_runner_changed)
        if show_refusals:
            runner.refused.connect(self.show_note)
        runner.ended.connect(self._on_runner_ended)
        self._on_runner_changed()

    def show_note(self, sentence: str) -> None:
        self.note.setText(sentence)
        self.note.setVisible(bool(sentence))
        self._note_timer.start()

    def _on_note_timer_timeout(self) -> None:
        self.note.clear()
        self.note.setVisible(False)

    def _on_runner_ended(self, sentence: str) -> None:
        if sentence:
            self.show_note(sentence)

    def _on_runner_changed(self) -> None:
        runner = self._runner
        for widget in (self.label, self.bar, self.stop_button):
            widget.setVisible(runner.busy)
        if not runner.busy:
            return
        step = runner.step
        words = step.text if step and step.text else runner.title
        if runner.stopping and runner.stoppable:
            words = f"{words} ({STOPPING})"
        elif not runner.stoppable:
            words = f"{words} ({CANNOT_STOP})"
        self.label.setText(words)
        if step is not None and step.total > 0:
            self.bar.setRange(0, step.total)
            self.bar.setValue(min(step.done, step.total))
        else:
            self.bar.setRange(0, 0)  # moving: the size of the work is not known
        self.stop_button.setEnabled(runner.stoppable and not runner.stopping)

    def _on_stop_button_clicked(self) -> None:
        self._runner.cancel()
