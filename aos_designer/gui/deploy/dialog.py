"""The deploy dialog: where to deploy (the built-in engine or an endpoint profile, with
a connection test), the stack, its region, failure strategy and timeout, the inputs
form, and the plan preview.

The dialog does no blocking work. It requests what it needs through signals (the
stacks of a target, a connection test, a plan, the inputs a stack last used). The
deployment controller passes each result to a `show_...` method once a worker thread
has it. With the built-in engine, Deploy waits for the plan of exactly the values on
screen, and the deployment runs that plan.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...engine.engine import check_stack_name
from ...engine.errors import InvalidStackNameError
from ...engine.inputs import choose_region
from ...engine.model import (
    ON_FAILURE_KEEP,
    ON_FAILURE_ROLLBACK,
    DeployOptions,
    Plan,
    StackInfo,
)
from ...engine.simulated.regions import REGIONS
from ...template.model import Template
from .inputs_form import InputsForm
from .plan_view import PlanPreview
from .targets import LOCAL_KEY

log = logging.getLogger(__name__)

# Milliseconds of quiet after the last change before a new plan is requested.
PLAN_PAUSE_MS = 250
ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"
NOTE_STYLE = "color: #607d8b;"
REMOTE_PLAN_NOTE = (
    "Remote endpoints offer no plan call in the AOS API, so the changes cannot be "
    "shown before deploying: the endpoint works them out when it deploys."
)
DEFAULT_TIMEOUT_MINUTES = 60
MAX_TIMEOUT_MINUTES = 1440


@dataclass(frozen=True)
class PlanRequest:
    """A request for the plan of the values on screen, which `key` identifies."""

    key: str
    target_key: str
    template: Template
    stack: str
    inputs: dict[str, str]
    region: str | None


@dataclass(frozen=True)
class DeployRequest:
    """Everything a deployment needs, as the person confirmed it."""

    target_key: str
    template: Template
    stack: str
    inputs: dict[str, str]
    options: DeployOptions
    plan: Plan | None = None
    secrets: dict[str, str] = field(default_factory=dict)
    existing: bool = False


def system_prefers_chinese() -> bool:
    """Tell whether the user's locale is Chinese (the default locale, which is the
    system's unless the program set another)."""
    return QLocale().language() == QLocale.Language.Chinese


class DeployDialog(QDialog):
    """Asks where and how to deploy the template, and previews the plan."""

    stacks_needed = Signal(str)
    connection_test_requested = Signal(str)
    plan_requested = Signal(object)
    last_inputs_needed = Signal(str, str)
    deploy_requested = Signal(object)
    target_chosen = Signal(str)

    def __init__(
        self,
        template: Template,
        targets: list[tuple[str, str]],
        target_key: str = LOCAL_KEY,
        stack: str = "",
        regions: dict[str, str] | None = None,
        chinese: bool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deployDialog")
        self.setWindowTitle("Deploy template")
        self.template = template
        self.chinese = system_prefers_chinese() if chinese is None else chinese
        self.plan: Plan | None = None
        # The key of the plan requested last, and the plan shown with its key.
        self.plan_key = ""
        self._shown_plan: tuple[str, Plan | None] = ("", None)
        self._initial = (target_key, stack)
        self.existing: dict[str, StackInfo] = {}
        # The region of each endpoint target, by target key.
        self.regions = dict(regions or {})
        self._filled_for: tuple[str, str] | None = None
        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(PLAN_PAUSE_MS)
        self._plan_timer.timeout.connect(self._request_plan)
        self._build(targets)
        self.resize(1100, 760)

    def start(self) -> None:
        """Choose the initial target and stack, which requests their stacks and plan.
        Call it once the signals are connected."""
        target_key, stack = self._initial
        self.stack_combo.blockSignals(True)
        self.stack_combo.setEditText(stack)
        self.stack_combo.blockSignals(False)
        self._select_target(target_key)

    # Construction

    def _build(self, targets: list[tuple[str, str]]) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._build_target(targets))
        column.addWidget(self._build_stack())
        column.addWidget(self._build_simulation())
        self.form = InputsForm(self.template, self.chinese)
        self.form.changed.connect(self._on_values_changed)
        inputs_box = QGroupBox("Inputs")
        inputs_layout = QVBoxLayout(inputs_box)
        inputs_layout.addWidget(self.form)
        column.addWidget(inputs_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("deployFormScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self._build_plan())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 460])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.deploy_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.deploy_button.setText("Deploy")
        self.deploy_button.setObjectName("deployConfirmButton")
        self.buttons.accepted.connect(self._on_deploy_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    def _build_target(self, targets: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox("Target")
        self.target_combo = QComboBox()
        self.target_combo.setObjectName("deployTargetCombo")
        for key, label in targets:
            self.target_combo.addItem(label, key)
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self.test_button = QPushButton("Test Connection")
        self.test_button.setObjectName("deployTestConnectionButton")
        self.test_button.clicked.connect(self._on_test_clicked)
        self.connection_result = QLabel()
        self.connection_result.setObjectName("deployConnectionResult")
        self.connection_result.setWordWrap(True)
        self.connection_result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.connection_result.hide()
        row = QHBoxLayout()
        row.addWidget(self.target_combo, 1)
        row.addWidget(self.test_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.connection_result)
        return box

    def _build_stack(self) -> QGroupBox:
        box = QGroupBox("Stack")
        form = QFormLayout(box)
        self.stack_combo = QComboBox()
        self.stack_combo.setObjectName("deployStackName")
        self.stack_combo.setEditable(True)
        self.stack_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.stack_combo.lineEdit().setPlaceholderText(
            "lowercase letters, digits and '-', such as web-demo"
        )
        self.stack_combo.currentTextChanged.connect(self._on_stack_changed)
        self.stack_error = QLabel()
        self.stack_error.setObjectName("deployStackError")
        self.stack_error.setStyleSheet(ERROR_STYLE)
        self.stack_error.setWordWrap(True)
        self.stack_error.hide()
        self.stack_note = QLabel()
        self.stack_note.setObjectName("deployStackNote")
        self.stack_note.setStyleSheet(NOTE_STYLE)
        self.stack_note.setWordWrap(True)
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(1)
        cell_layout.addWidget(self.stack_combo)
        cell_layout.addWidget(self.stack_error)
        cell_layout.addWidget(self.stack_note)
        form.addRow("Name *", cell)

        self.region_combo = QComboBox()
        self.region_combo.setObjectName("deployRegion")
        self.region_combo.currentIndexChanged.connect(self._on_values_changed)
        form.addRow("Region", self.region_combo)

        self.failure_combo = QComboBox()
        self.failure_combo.setObjectName("deployFailureStrategy")
        self.failure_combo.addItem(
            "Roll back the changes (Rollback)", ON_FAILURE_ROLLBACK
        )
        self.failure_combo.addItem("Keep what was made (DoNothing)", ON_FAILURE_KEEP)
        form.addRow("On failure", self.failure_combo)

        self.timeout_spin = QSpinBox()
        self.timeout_spin.setObjectName("deployTimeout")
        self.timeout_spin.setRange(1, MAX_TIMEOUT_MINUTES)
        self.timeout_spin.setValue(DEFAULT_TIMEOUT_MINUTES)
        self.timeout_spin.setSuffix(" min")
        self.timeout_spin.setToolTip(
            "The deployment stops starting resources after this many minutes"
        )
        form.addRow("Timeout", self.timeout_spin)
        return box

    def _build_simulation(self) -> QGroupBox:
        self.simulation = QGroupBox("Simulated cloud")
        self.simulation.setObjectName("deploySimulationGroup")
        form = QFormLayout(self.simulation)
        self.time_scale = QDoubleSpinBox()
        self.time_scale.setObjectName("deployTimeScale")
        self.time_scale.setRange(0.0, 10.0)
        self.time_scale.setDecimals(3)
        self.time_scale.setSingleStep(0.01)
        self.time_scale.setValue(DeployOptions().time_scale)
        self.time_scale.setToolTip(
            "Multiplies each resource type's expected time: 1 is real time, 0 instant"
        )
        form.addRow("Time scale", self.time_scale)
        self.simulate_fail = QComboBox()
        self.simulate_fail.setObjectName("deploySimulateFail")
        self.simulate_fail.addItem("No resource", "")
        for name in self.template.resources:
            self.simulate_fail.addItem(name, name)
        self.simulate_fail.setToolTip(
            "Make the simulated cloud fail this resource's creation or update"
        )
        form.addRow("Fail resource", self.simulate_fail)
        return self.simulation

    def _build_plan(self) -> QWidget:
        self.preview = PlanPreview()
        self.plan_note = self.preview.note
        self.plan_view = self.preview.tree
        return self.preview

    # Target

    @property
    def target_key(self) -> str:
        return self.target_combo.currentData() or LOCAL_KEY

    @property
    def is_local(self) -> bool:
        return self.target_key == LOCAL_KEY

    def _select_target(self, key: str) -> None:
        index = self.target_combo.findData(key)
        if index >= 0 and index != self.target_combo.currentIndex():
            self.target_combo.setCurrentIndex(index)
        else:
            self._on_target_changed()

    @Slot()
    def _on_target_changed(self) -> None:
        self.simulation.setVisible(self.is_local)
        self._show_connection("", NOTE_STYLE)
        self.existing = {}
        self._fill_regions()
        self.plan = None
        self.plan_key = ""
        self._shown_plan = ("", None)
        self.plan_view.clear()
        if not self.is_local:
            self._show_plan_note(REMOTE_PLAN_NOTE, NOTE_STYLE)
        self.target_chosen.emit(self.target_key)
        self.stacks_needed.emit(self.target_key)
        self._on_stack_changed(self.stack_name)

    def _fill_regions(self) -> None:
        self.region_combo.blockSignals(True)
        try:
            self.region_combo.clear()
            if self.is_local:
                self.region_combo.addItem(self._automatic_region_text(), None)
                for region in REGIONS:
                    self.region_combo.addItem(region, region)
                self.region_combo.setEnabled(True)
                self.region_combo.setToolTip("")
            else:
                region = self.regions.get(self.target_key, "")
                self.region_combo.addItem(
                    f"{region}, the profile's region"
                    if region
                    else "The endpoint's own region",
                    None,
                )
                self.region_combo.setEnabled(False)
                self.region_combo.setToolTip(
                    "An endpoint serves the region its profile names"
                )
        finally:
            self.region_combo.blockSignals(False)

    def _automatic_region_text(self) -> str:
        try:
            region = choose_region(self.template, self.form.given(), None)
        except Exception:  # noqa: BLE001 - a guess for a label only
            return "Automatic"
        return f"Automatic: {region}, from the template"

    @Slot()
    def _on_test_clicked(self) -> None:
        self._show_connection("Testing the connection…", NOTE_STYLE)
        self.test_button.setEnabled(False)
        self.connection_test_requested.emit(self.target_key)

    def show_connection_result(self, key: str, ok: bool, message: str) -> None:
        if key != self.target_key:
            return
        self.test_button.setEnabled(True)
        if ok:
            self._show_connection(message[:1].upper() + message[1:], OK_STYLE)
        else:
            self._show_connection(f"Failed: {message}", ERROR_STYLE)

    def _show_connection(self, text: str, style: str) -> None:
        self.connection_result.setStyleSheet(style)
        self.connection_result.setText(text)
        self.connection_result.setVisible(bool(text))

    # Stack

    @property
    def stack_name(self) -> str:
        return self.stack_combo.currentText().strip()

    def show_stacks(self, key: str, stacks: list[StackInfo]) -> None:
        """Offer the existing stacks of a target in the stack name's list."""
        if key != self.target_key:
            return
        self.existing = {info.name: info for info in stacks}
        typed = self.stack_combo.currentText()
        self.stack_combo.blockSignals(True)
        try:
            self.stack_combo.clear()
            self.stack_combo.addItems(sorted(self.existing))
            self.stack_combo.setEditText(typed)
        finally:
            self.stack_combo.blockSignals(False)
        self._on_stack_changed(typed)

    def show_stacks_error(self, key: str, message: str) -> None:
        if key == self.target_key:
            self._show_connection(f"Cannot list the stacks: {message}", ERROR_STYLE)

    def _stack_problem(self) -> str | None:
        name = self.stack_name
        if not name:
            return "Enter a stack name."
        try:
            check_stack_name(name)
        except InvalidStackNameError as error:
            text = str(error)
            return text[:1].upper() + text[1:] + "."
        return None

    @Slot(str)
    def _on_stack_changed(self, text: str) -> None:
        problem = self._stack_problem()
        self.stack_error.setText(problem or "")
        self.stack_error.setVisible(bool(problem) and bool(self.stack_name))
        info = self.existing.get(self.stack_name)
        if problem:
            self.stack_note.setText("")
        elif info is None:
            self.stack_note.setText("A new stack: deploying creates it.")
        else:
            self.stack_note.setText(
                f"This stack exists ({info.status}, {info.phase}): deploying updates "
                "it to this template and these inputs."
            )
            if self._filled_for != (self.target_key, info.name):
                self.last_inputs_needed.emit(self.target_key, info.name)
        self._on_values_changed()

    def offer_last_inputs(self, key: str, stack: str, values: dict[str, Any]) -> None:
        """Fill the form with the values a stack was last deployed with."""
        if (key, stack) != (self.target_key, self.stack_name):
            return
        self._filled_for = (key, stack)
        if not values:
            return
        self.form.fill(
            values,
            f"Filled in with the values last used for stack {stack}. Secret values "
            "are never kept, so enter them again.",
        )

    # Plan

    def plan_request(self) -> PlanRequest | None:
        """Return the plan request for the values on screen, or None while they are
        not valid or the target has no plan call."""
        if not self.is_local or self._stack_problem() or self.form.problems():
            return None
        region = self.region_combo.currentData()
        inputs = self.form.given()
        key = json.dumps(
            [self.target_key, self.stack_name, region, inputs], sort_keys=True
        )
        return PlanRequest(
            key, self.target_key, self.template, self.stack_name, inputs, region
        )

    @Slot()
    def _on_values_changed(self) -> None:
        if self.is_local and self.region_combo.count():
            self.region_combo.setItemText(0, self._automatic_region_text())
        request = self.plan_request()
        shown_key, shown_plan = self._shown_plan
        current = request is not None and request.key == shown_key
        self.plan = shown_plan if current else None
        self._update_deploy_button()
        if not self.is_local:
            return
        if request is None:
            self.plan_key = ""
            self._shown_plan = ("", None)
            self.plan_view.clear()
            self._show_plan_note(
                "The plan shows once the stack name and every input are valid.",
                NOTE_STYLE,
            )
            return
        if request.key != self.plan_key:
            self._plan_timer.start()

    @Slot()
    def _request_plan(self) -> None:
        request = self.plan_request()
        if request is None:
            return
        self.plan_key = request.key
        self._show_plan_note("Working out the plan…", NOTE_STYLE)
        self.plan_requested.emit(request)

    def show_plan(self, key: str, plan: Plan | None, error: str = "") -> None:
        """Show the plan made for `key`, or why none could be made."""
        if key != self.plan_key:
            return
        self._shown_plan = (key, plan)
        self.plan = plan
        self.plan_view.clear()
        if plan is None:
            self._show_plan_note(f"No plan: {error}", ERROR_STYLE)
        else:
            self.preview.show_plan(plan, NOTE_STYLE)
        self._update_deploy_button()

    def _show_plan_note(self, text: str, style: str) -> None:
        self.preview.show_note(text, style)

    # Deploying

    def _update_deploy_button(self) -> None:
        """Enable Deploy unless valid values still wait for their plan. With a
        problem, Deploy stays enabled so that a click shows each problem."""
        valid = not self._stack_problem() and not self.form.problems()
        waiting = self.is_local and valid and self.plan is None
        self.deploy_button.setEnabled(not waiting)

    @Slot()
    def _on_deploy_clicked(self) -> None:
        """Check everything once more, showing each problem next to its field, and
        hand the request over."""
        stack_problem = self._stack_problem()
        self.stack_error.setText(stack_problem or "")
        self.stack_error.setVisible(bool(stack_problem))
        inputs_ok = self.form.check()
        if stack_problem or not inputs_ok:
            return
        if self.is_local and self.plan is None:
            return
        self.deploy_requested.emit(self.request())
        self.accept()

    def request(self) -> DeployRequest:
        options = DeployOptions(
            on_failure=self.failure_combo.currentData(),
            timeout=float(self.timeout_spin.value()),
            time_scale=self.time_scale.value() if self.is_local else 0.0,
            simulate_fail=(
                (self.simulate_fail.currentData(),)
                if self.is_local and self.simulate_fail.currentData()
                else ()
            ),
            region=self.region_combo.currentData() if self.is_local else None,
        )
        return DeployRequest(
            target_key=self.target_key,
            template=self.template,
            stack=self.stack_name,
            inputs=self.form.given(),
            options=options,
            plan=self.plan if self.is_local else None,
            secrets=self.form.secrets(),
            existing=self.stack_name in self.existing,
        )
