"""The value editors of the inspector's forms.

Each editor shows one value and emits `committed(value)` when the person finishes
changing it (Enter, leaving the field, or choosing from a list), and
`cleared()` when they choose to have no value. Showing a value never emits.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ....template.functions import function_call
from .values import (
    SWITCHABLE_FUNCTIONS,
    ValueTextError,
    flow_text,
    numeric_range,
    parse_value,
)

NOT_SET = "(not set)"
INVALID_STYLE = "border: 1px solid #d32f2f; background: #fdecea;"
# QSpinBox takes 32-bit integers.
INT_LIMIT = 2**31 - 1
# The largest number the number box offers when the schema sets no maximum.
FLOAT_LIMIT = 1e15


class TextEditor(QLineEdit):
    """A string on one line."""

    committed = Signal(object)
    cleared = Signal()
    invalid = Signal(str)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self._written: str | None = None
        self.editingFinished.connect(self._finish)

    def set_value(self, value: Any, present: bool) -> None:
        self._written = value if present and isinstance(value, str) else None
        self.setText(self._written or "")

    def has_pending(self) -> bool:
        """Tell whether the box contains typing that is not written yet."""
        return self.text() != (self._written or "")

    @Slot()
    def _finish(self) -> None:
        text = self.text()
        if self._written is None and not text:
            return
        if text != self._written:
            self._written = text
            self.committed.emit(text)


class MultilineEditor(QPlainTextEdit):
    """A string of several lines, such as a script; it is written when the field
    loses the focus."""

    committed = Signal(object)
    cleared = Signal()
    invalid = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMaximumHeight(120)
        self._written = ""

    def set_value(self, value: Any, present: bool) -> None:
        self._written = value if isinstance(value, str) else ""
        self.setPlainText(self._written)

    def has_pending(self) -> bool:
        return self.toPlainText() != self._written

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        text = self.toPlainText()
        if text != self._written:
            self._written = text
            self.committed.emit(text)


class NumberEditor(QWidget):
    """An integer or a number within the schema's range. Below the range's lowest
    value the box shows "(not set)"."""

    committed = Signal(object)
    cleared = Signal()
    invalid = Signal(str)

    def __init__(
        self, schema: dict[str, Any], integer: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        low, high = numeric_range(schema)
        self.integer = integer
        limit: float
        if integer:
            box: QSpinBox | QDoubleSpinBox = QSpinBox(self)
            limit = INT_LIMIT
        else:
            box = QDoubleSpinBox(self)
            box.setDecimals(3)
            limit = FLOAT_LIMIT
        minimum = low if low is not None else -limit + 1
        maximum = high if high is not None else limit
        # One step below the lowest value stands for "not set".
        box.setRange(minimum - 1, maximum)  # type: ignore[arg-type]
        box.setSpecialValueText(NOT_SET)
        box.setKeyboardTracking(False)
        box.setAccelerated(True)
        self.box = box
        self.minimum = minimum
        if low is not None or high is not None:
            shown_low = "" if low is None else f"{low:g}"
            shown_high = "" if high is None else f"{high:g}"
            box.setToolTip(f"From {shown_low or '−∞'} to {shown_high or '∞'}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(box)
        self._written: float | None = None
        box.editingFinished.connect(self._finish)
        self.setFocusProxy(box)

    @staticmethod
    def shows(schema: dict[str, Any] | None, value: Any, integer: bool) -> bool:
        """Tell whether the box can show `value` as it is. A box clamps what lies
        outside its range, so such a value (one the schema rejects, or a number too
        large for the box) needs another editor."""
        low, high = numeric_range(schema)
        limit = INT_LIMIT if integer else FLOAT_LIMIT
        low = -limit + 1 if low is None else low
        high = limit if high is None else high
        return low <= value <= high

    def set_value(self, value: Any, present: bool) -> None:
        number = (
            value
            if present
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
            else None
        )
        self._written = number
        self.box.blockSignals(True)
        try:
            self.box.setValue(number if number is not None else self.box.minimum())  # type: ignore[arg-type]
        finally:
            self.box.blockSignals(False)

    def has_pending(self) -> bool:
        value = self.box.value()
        shown = self._written if self._written is not None else self.box.minimum()
        return value != shown

    @Slot()
    def _finish(self) -> None:
        value = self.box.value()
        if value == self.box.minimum():
            return
        number: int | float = int(value) if self.integer else float(value)
        if number != self._written:
            self._written = number
            self.committed.emit(number)


class ChoiceEditor(QComboBox):
    """One of a list of values, or none: allowed values and booleans."""

    committed = Signal(object)
    cleared = Signal()
    invalid = Signal(str)

    def __init__(self, choices: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        compact(self)
        self.choices = list(choices)
        self._fill(None)
        self.activated.connect(self._chosen)

    def _fill(self, extra: Any) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(NOT_SET)
            for choice in self.choices:
                self.addItem(_choice_text(choice))
            if extra is not None:
                self.addItem(f"{_choice_text(extra)} (not allowed)")
        finally:
            self.blockSignals(False)

    def set_value(self, value: Any, present: bool) -> None:
        known = present and any(_same(value, choice) for choice in self.choices)
        self._fill(value if present and not known else None)
        self.blockSignals(True)
        try:
            if not present:
                self.setCurrentIndex(0)
            elif known:
                index = next(i for i, c in enumerate(self.choices) if _same(value, c))
                self.setCurrentIndex(index + 1)
            else:
                self.setCurrentIndex(self.count() - 1)
        finally:
            self.blockSignals(False)

    def has_pending(self) -> bool:
        return False

    def choose(self, text: str) -> None:
        """Choose the entry shown as `text`, as a person picking it does."""
        index = self.findText(text)
        if index < 0:
            raise KeyError(f"no entry {text!r}")
        self.setCurrentIndex(index)
        self.activated.emit(index)

    @Slot(int)
    def _chosen(self, index: int) -> None:
        if index == 0:
            self.cleared.emit()
        elif index <= len(self.choices):
            self.committed.emit(self.choices[index - 1])


def compact(box: QComboBox) -> QComboBox:
    """Let a combo box shrink below its longest entry, so forms fit a narrow panel."""
    box.setSizeAdjustPolicy(
        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
    )
    box.setMinimumContentsLength(4)
    return box


def _choice_text(value: Any) -> str:
    return value if isinstance(value, str) else flow_text(value)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


class ReferenceEditor(ChoiceEditor):
    """A resource of a type the property may refer to. Choosing one emits
    `committed` with its name; the form writes the reference and requirement."""

    def set_reference(self, target: str | None) -> None:
        self.set_value(target, target is not None)


class RawEditor(QLineEdit):
    """Any value, typed as one line of YAML: `[a, b]`, `{size: 40}`, `{concat: ...}`."""

    committed = Signal(object)
    cleared = Signal()
    invalid = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YAML, such as [a, b] or {get_input: name}")
        self._written: str | None = None
        self.editingFinished.connect(self._finish)

    def set_value(self, value: Any, present: bool) -> None:
        self._written = flow_text(value) if present else None
        self.setText(self._written or "")
        self.setStyleSheet("")
        self.setToolTip("")

    def has_pending(self) -> bool:
        return self.text() != (self._written or "")

    @Slot()
    def _finish(self) -> None:
        text = self.text()
        if text == (self._written or ""):
            return
        try:
            value = parse_value(text)
        except ValueTextError as error:
            self.setStyleSheet(INVALID_STYLE)
            self.setToolTip(str(error))
            self.invalid.emit(str(error))
            return
        self.setStyleSheet("")
        self.setToolTip("")
        self._written = text
        self.committed.emit(value)


class FunctionEditor(QWidget):
    """A call of get_input, get_reference, get_attribute or get_in_map: the
    function and its arguments, each chosen from what the template has.

    `choices` contains the names of the template's inputs, resources and mappings.
    `attributes(resource)` returns the attribute names of a resource's type.
    """

    committed = Signal(object)
    cleared = Signal()
    invalid = Signal(str)

    def __init__(
        self,
        choices: dict[str, list[str]],
        attributes: Any,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.attributes = attributes
        self.function = compact(QComboBox(self))
        self.function.setObjectName("functionName")
        self.function.addItems(list(SWITCHABLE_FUNCTIONS))
        self.first = compact(QComboBox(self))
        self.first.setObjectName("functionArgument")
        self.first.setEditable(True)
        self.second = compact(QComboBox(self))
        self.second.setObjectName("functionSecondArgument")
        self.second.setEditable(True)
        self.third = QLineEdit(self)
        self.third.setObjectName("functionThirdArgument")
        # The arguments go one under another beside the function, so a call of
        # get_in_map fits the inspector's default width.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.function, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.first, 0, 1)
        layout.addWidget(self.second, 1, 1)
        layout.addWidget(self.third, 2, 1)
        layout.setColumnStretch(1, 1)
        self._loading = False
        self.function.activated.connect(self._function_chosen)
        self.first.activated.connect(self._first_chosen)
        self.first.lineEdit().editingFinished.connect(self._emit)
        self.second.activated.connect(self._emit)
        self.second.lineEdit().editingFinished.connect(self._emit)
        self.third.editingFinished.connect(self._emit)
        self._written: Any = None

    def set_value(self, value: Any, present: bool) -> None:
        call = function_call(value) if present else None
        if call is None or call[0] not in SWITCHABLE_FUNCTIONS:
            return
        self._written = value
        self._loading = True
        try:
            name, argument = call
            self.function.setCurrentText(name)
            arguments = argument if isinstance(argument, list) else [argument]
            self._layout_for(name)
            self._set_combo(self.first, _arg_text(arguments, 0))
            if name == "get_attribute":
                self._fill_attributes(_arg_text(arguments, 0))
            self._set_combo(self.second, _arg_text(arguments, 1))
            self.third.setText(_arg_text(arguments, 2))
        finally:
            self._loading = False

    def _layout_for(self, name: str) -> None:
        lists = {
            "get_input": self.choices.get("inputs", []),
            "get_reference": self.choices.get("resources", []),
            "get_attribute": self.choices.get("resources", []),
            "get_in_map": self.choices.get("mappings", []),
        }
        self.first.blockSignals(True)
        self.first.clear()
        self.first.addItems(lists[name])
        self.first.blockSignals(False)
        self.second.setVisible(name in ("get_attribute", "get_in_map"))
        self.third.setVisible(name == "get_in_map")
        self.second.setEditable(True)
        if name == "get_in_map":
            self.second.clear()
            self.second.lineEdit().setPlaceholderText("first key (YAML)")
            self.third.setPlaceholderText("second key (YAML)")

    def _fill_attributes(self, resource: str) -> None:
        current = self.second.currentText()
        self.second.blockSignals(True)
        self.second.clear()
        self.second.addItems(list(self.attributes(resource)))
        self.second.setCurrentText(current)
        self.second.blockSignals(False)

    @staticmethod
    def _set_combo(box: QComboBox, text: str) -> None:
        box.blockSignals(True)
        index = box.findText(text)
        if index >= 0:
            box.setCurrentIndex(index)
        else:
            box.setEditText(text)
        box.blockSignals(False)

    @Slot(int)
    def _function_chosen(self, _index: int) -> None:
        name = self.function.currentText()
        self._layout_for(name)
        if name == "get_attribute":
            self._fill_attributes(self.first.currentText())
            if not self.second.currentText():
                self.second.setEditText("refID")
        self._emit()

    @Slot(int)
    def _first_chosen(self, _index: int) -> None:
        if self.function.currentText() == "get_attribute":
            self._fill_attributes(self.first.currentText())
        self._emit()

    def has_pending(self) -> bool:
        try:
            return self.current() != self._written
        except ValueTextError:
            return True

    def current(self) -> Any:
        """Return the call the editor shows."""
        name = self.function.currentText()
        first = self.first.currentText().strip()
        if name in ("get_input", "get_reference"):
            return {name: first}
        if name == "get_attribute":
            return {name: [first, self.second.currentText().strip()]}
        keys = []
        for text in (self.second.currentText(), self.third.text()):
            keys.append(parse_value(text) if text.strip() else "")
        return {name: [first, *keys]}

    @Slot()
    def _emit(self) -> None:
        if self._loading:
            return
        try:
            value = self.current()
        except ValueTextError as error:
            self.invalid.emit(str(error))
            return
        if value != self._written:
            self._written = value
            self.committed.emit(value)


def _arg_text(arguments: list[Any], index: int) -> str:
    if index >= len(arguments):
        return ""
    value = arguments[index]
    return value if isinstance(value, str) else flow_text(value)
