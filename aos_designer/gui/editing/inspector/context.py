"""The template as a form sees it: the resource it edits, the choices it offers,
and the edits it makes through the session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ....catalog import Catalog, ResourceType
from ....template.document import TemplateDocument
from ....template.emit import EditError
from ....template.model import Template
from ....template.source import Path
from ....template.textedit import TextEdit
from ..connecting import connect_edits
from ..naming import known_type
from ..session import EditSession


def dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)


def requirement_name(path: Path) -> str:
    """Return the requirement name of a property path: list indexes left out, so
    `nics.0.subnetId` gives `nics.subnetId`."""
    return ".".join(str(part) for part in path if not isinstance(part, int))


@dataclass
class FormContext:
    """One resource of one template, and the session that edits it."""

    resource: str
    resource_type: ResourceType | None
    template: Template
    catalog: Catalog
    session: EditSession

    # Choices

    def choices(self) -> dict[str, list[str]]:
        """Return the names of the template's inputs, resources and mappings."""
        return {
            "inputs": sorted(self.template.inputs),
            "resources": [
                name for name in self.template.resources if name != self.resource
            ],
            "mappings": sorted(self.template.mappings),
        }

    def attributes(self, resource: str) -> list[str]:
        found = self.template.resources.get(resource)
        if found is None or not found.type:
            return ["refID", "refName"]
        return list(self.catalog.attributes(found.type))

    def candidates(self, targets: tuple[str, ...]) -> list[str]:
        """Return the resources whose type is one of `targets`, in template order."""
        return [
            resource.name
            for resource in self.template.resources.values()
            if resource.name != self.resource
            and known_type(self.catalog, resource.type) in targets
        ]

    def origin(self, path: Path) -> tuple[str, str | None]:
        """Return where a property's value is written ("own", "alias" or "merge")
        and the anchor's name."""
        try:
            found = self.session.synced().value_origin(self.resource, path)
        except EditError:
            return "own", None
        return found.kind, found.anchor

    # Edits

    def _run(
        self, label: str, action: Callable[[TemplateDocument], list[list[TextEdit]]]
    ) -> bool:
        return self.session.run(label, action)

    def set_value(self, path: Path, value: Any) -> bool:
        name = self.resource
        return self._run(
            f"Set {dotted(path)} of {name}",
            lambda doc: [doc.set_property(name, path, value)],
        )

    def remove_value(self, path: Path) -> bool:
        name = self.resource
        return self._run(
            f"Remove {dotted(path)} of {name}",
            lambda doc: [doc.remove_property(name, path)],
        )

    def refer(self, path: Path, target: str, attribute: str | None) -> bool:
        """Point a reference property at `target` and write its requirement.

        A top-level property goes through `connect`, which re-points a requirement
        of one value. Inside a list the value is set at its own item, and a
        requirement entry is added when none names the target yet.
        """
        name = self.resource
        requirement = requirement_name(path)
        if len(path) == 1:
            return self._run(
                f"Connect {name} to {target}",
                lambda doc: connect_edits(doc, name, target, requirement, attribute),
            )
        value = (
            {"get_attribute": [target, attribute]}
            if attribute
            else {"get_reference": target}
        )

        def action(doc: TemplateDocument) -> list[list[TextEdit]]:
            groups = [doc.set_property(name, path, value)]
            resource = doc.model.resources[name]
            if not any(
                r.name == requirement and r.node == target
                for r in resource.requirements
            ):
                count = len(resource.requirements)
                groups.append(
                    doc.set_value(
                        ("node_templates", name, "requirements", count),
                        {requirement: {"node": target}},
                    )
                )
            return groups

        return self._run(f"Connect {name} to {target}", action)

    def unrefer(self, path: Path, target: str | None) -> bool:
        """Remove a reference property and the requirement entries with its name
        that point at `target`."""
        name = self.resource
        requirement = requirement_name(path)

        def action(doc: TemplateDocument) -> list[list[TextEdit]]:
            groups = [doc.remove_property(name, path)]
            resource = doc.model.resources[name]
            entries = [
                r.path[:-1]
                for r in resource.requirements
                if r.name == requirement and r.node == target
            ]
            if entries and len(entries) == len(resource.requirements):
                # Nothing would be left, so the `requirements` key goes too.
                groups.append(
                    doc.remove_value(("node_templates", name, "requirements"))
                )
                return groups
            # From the last entry, so earlier list indexes stay valid.
            for entry in reversed(entries):
                groups.append(doc.remove_value(entry))
            return groups

        return self._run(f"Remove {dotted(path)} of {name}", action)
