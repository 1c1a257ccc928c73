"""Connecting two resources by dragging from a node's port to another node.

Every node gets a port on its right edge. While a drag from it goes on, the nodes
that a requirement of the source's type may target are outlined in green, the
others in grey (an ordering-only `dependency` is still possible there). On the
drop, the requirement comes from the catalog. When several fit, or none does,
`RequirementChooser` lets the person choose which to write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...catalog import Catalog
from ...layout import NODE_HEIGHT, NODE_WIDTH
from ...template.document import TemplateDocument
from ...template.textedit import TextEdit
from ..canvas.items import CORNER, NodeItem
from .naming import known_type

DEPENDENCY = "dependency"
PORT_RADIUS = 7.0
PORT_COLOR = QColor("#1976d2")
COMPATIBLE_COLOR = QColor("#2e7d32")
OTHER_COLOR = QColor("#b0bec5")


@dataclass(frozen=True, slots=True)
class RequirementOption:
    """A way to make one resource depend on another: the requirement name (a
    property path, or `dependency`), the target attribute the property needs
    (None for the reference itself), and a line of text for the chooser."""

    requirement: str
    attribute: str | None
    text: str


def requirement_options(
    catalog: Catalog, source_type: str | None, target_type: str | None
) -> list[RequirementOption]:
    """Return the requirements of `source_type` that may target `target_type`, in
    the catalog's order."""
    source = catalog.get(source_type) if source_type else None
    target = known_type(catalog, target_type)
    if source is None or target is None:
        return []
    options = []
    for name, spec in source.requirements.items():
        if target not in spec.targets:
            continue
        schema = source.property_schema(name) or {}
        description = schema.get("description", "")
        kind = " The target contains the resource." if spec.containment else ""
        options.append(
            RequirementOption(
                name, spec.attribute, f"{name}: {description}{kind}".strip()
            )
        )
    return options


def connect_edits(
    document: TemplateDocument,
    source: str,
    target: str,
    requirement: str,
    attribute: str | None = None,
) -> list[list[TextEdit]]:
    """Connect `source` to `target` through `requirement` and return the edits.

    When the property needs an attribute of the target rather than its reference
    (a load balancer's subnetId takes the subnet's `neutron_subnet_id`), the value
    becomes `get_attribute` of that attribute.
    """
    groups = [document.connect(source, target, requirement)]
    # NOTE: only a top-level property is rewritten; the catalog names no attribute
    # for a requirement inside a list, such as nics.subnetId.
    if attribute and requirement != DEPENDENCY and "." not in requirement:
        value = {"get_attribute": [target, attribute]}
        groups.append(document.set_property(source, requirement, value))
    return groups


def dependency_option() -> RequirementOption:
    return RequirementOption(
        DEPENDENCY, None, "dependency: create the target first, without wiring a value"
    )


class PortItem(QGraphicsEllipseItem):
    """The round handle on a node's right edge where connections start."""

    def __init__(self, node: NodeItem, tool: ConnectTool) -> None:
        super().__init__(
            QRectF(-PORT_RADIUS, -PORT_RADIUS, 2 * PORT_RADIUS, 2 * PORT_RADIUS), node
        )
        self.node = node
        self.tool = tool
        self.setPos(NODE_WIDTH, NODE_HEIGHT / 2)
        self.setBrush(QBrush(QColor("white")))
        self.setPen(QPen(PORT_COLOR, 2))
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(f"Drag to another node to make {node.name} depend on it")
        self.setZValue(2)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.setBrush(QBrush(PORT_COLOR))
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.setBrush(QBrush(QColor("white")))
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        # Taken even when the tool refuses to start (the text does not parse), so
        # the drag does not move the node instead.
        event.accept()
        self.tool.start(self.node, self.mapToScene(QPointF(0, 0)))

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.tool.active:
            self.tool.move(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.tool.active:
            self.tool.finish(event.scenePos())


class TargetOutline(QGraphicsPathItem):
    """The outline that marks a node as a possible target during a drag."""

    def __init__(self, node: NodeItem, compatible: bool) -> None:
        super().__init__(node)
        path = QPainterPath()
        path.addRoundedRect(
            QRectF(-4, -4, NODE_WIDTH + 8, NODE_HEIGHT + 8), CORNER + 3, CORNER + 3
        )
        self.setPath(path)
        self.compatible = compatible
        self.set_hovered(False)
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_hovered(self, hovered: bool) -> None:
        color = COMPATIBLE_COLOR if self.compatible else OTHER_COLOR
        pen = QPen(color, 4.0 if hovered else 2.5)
        if not self.compatible:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)


class ConnectTool:
    """The drag from a port: the line that follows the mouse, the outlines, and the
    connection made on the drop.

    `options_for(source, target)` returns the requirements that fit, and
    `on_drop(source, target)` makes the connection, and `allowed()` returns whether
    the diagram may edit the text now.
    """

    def __init__(
        self,
        options_for: Callable[[NodeItem, NodeItem], list[RequirementOption]],
        on_drop: Callable[[NodeItem, NodeItem], None],
        allowed: Callable[[], bool],
    ) -> None:
        self.options_for = options_for
        self.on_drop = on_drop
        self.allowed = allowed
        self.source: NodeItem | None = None
        self.line: QGraphicsLineItem | None = None
        self.outlines: dict[str, TargetOutline] = {}
        self._hovered: TargetOutline | None = None

    @property
    def active(self) -> bool:
        return self.source is not None

    def start(self, source: NodeItem, point: QPointF) -> bool:
        scene = source.scene()
        if scene is None or not self.allowed():
            return False
        self.source = source
        self.line = QGraphicsLineItem(QLineF(point, point))
        pen = QPen(PORT_COLOR, 2, Qt.PenStyle.DashLine)
        self.line.setPen(pen)
        self.line.setZValue(10)
        scene.addItem(self.line)
        nodes = getattr(scene, "nodes", {})
        for name, node in nodes.items():
            if node is source:
                continue
            compatible = bool(self.options_for(source, node))
            self.outlines[name] = TargetOutline(node, compatible)
        return True

    def target_at(self, point: QPointF) -> NodeItem | None:
        if self.source is None:
            return None
        scene = self.source.scene()
        for item in scene.items(point) if scene is not None else []:
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if isinstance(item, NodeItem) and item is not self.source:
                return item
        return None

    def move(self, point: QPointF) -> None:
        if self.line is None:
            return
        line = self.line.line()
        self.line.setLine(QLineF(line.p1(), point))
        target = self.target_at(point)
        outline = self.outlines.get(target.name) if target is not None else None
        if outline is not self._hovered:
            if self._hovered is not None:
                self._hovered.set_hovered(False)
            if outline is not None:
                outline.set_hovered(True)
            self._hovered = outline

    def finish(self, point: QPointF) -> None:
        source = self.source
        target = self.target_at(point)
        self.cancel()
        if source is not None and target is not None:
            self.on_drop(source, target)

    def cancel(self) -> None:
        """End the drag without connecting anything."""
        for outline in self.outlines.values():
            scene = outline.scene()
            if scene is not None:
                scene.removeItem(outline)
        self.outlines.clear()
        self._hovered = None
        if self.line is not None and self.line.scene() is not None:
            self.line.scene().removeItem(self.line)
        self.line = None
        self.source = None


def add_ports(nodes: dict[str, NodeItem], tool: ConnectTool) -> None:
    """Give every node that has none a port."""
    for node in nodes.values():
        if not any(isinstance(child, PortItem) for child in node.childItems()):
            PortItem(node, tool)


class RequirementChooser(QDialog):
    """Asks which requirement connects a source to a target."""

    def __init__(
        self,
        source: str,
        target: str,
        options: list[RequirementOption],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requirementChooser")
        self.setWindowTitle("Connect resources")
        self.source = source
        self.target = target
        self.options = options
        fits = [option for option in options if option.requirement != DEPENDENCY]
        if fits:
            question = (
                f"Several requirements of {source} may point at {target}. Which one "
                "should it use?"
            )
        else:
            question = (
                f"No requirement of {source} may point at {target} in the catalog. "
                f"Make {source} wait for {target} with an ordering-only dependency?"
            )
        label = QLabel(question)
        label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("requirementList")
        for option in options:
            item = QListWidgetItem(option.text)
            item.setData(Qt.ItemDataRole.UserRole, option.requirement)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 260)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def choose(self, requirement: str) -> None:
        """Select the option of `requirement`, as a click in the list does."""
        for row, option in enumerate(self.options):
            if option.requirement == requirement:
                self.list.setCurrentRow(row)
                return
        raise KeyError(f"no option {requirement}")

    def chosen(self) -> RequirementOption | None:
        row = self.list.currentRow()
        return self.options[row] if 0 <= row < len(self.options) else None
