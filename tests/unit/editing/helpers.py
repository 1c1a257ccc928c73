"""Helpers for the editing tests: template texts, line diffs and model comparison."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from hypothesis import HealthCheck, settings

from aos_designer.template import Template, TemplateDocument, parse_template

DATA = Path(__file__).resolve().parents[2] / "data"

# The templates the round-trip and property tests run on.
TEMPLATES = (
    "iaas-vpc-subnet-ecs.yaml",
    "ecs-region-mappings.yaml",
    "editing/styles.yaml",
    "editing/network.yaml",
)

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "editing-ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=_SLOW,
)
settings.register_profile(
    "editing-long", max_examples=2000, deadline=None, suppress_health_check=_SLOW
)
# AOS_DESIGNER_HYPOTHESIS=editing-long runs the property tests for longer.
PROFILE = settings.get_profile(os.environ.get("AOS_DESIGNER_HYPOTHESIS", "editing-ci"))


def read(name: str) -> str:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def document(name: str) -> TemplateDocument:
    return TemplateDocument(read(name))


def line_diff(before: str, after: str) -> list[str]:
    """Return the changed lines as `-N text` (line N of before) and `+N text` (line N
    of after), in order, without line endings."""
    old = before.splitlines()
    new = after.splitlines()
    changes: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes.extend(f"-{i + 1} {old[i]}" for i in range(i1, i2))
        changes.extend(f"+{j + 1} {new[j]}" for j in range(j1, j2))
    return changes


def model_differences(model: Template, fresh: Template) -> list[str]:
    """Return how `model` differs from `fresh` (a full parse of the same text)."""
    problems = []
    for field in (
        "text",
        "data",
        "duplicates",
        "document_count",
        "extra_document",
        "version",
        "description",
        "inputs",
        "resources",
        "outputs",
        "mappings",
        "conditions",
        "policies",
    ):
        if getattr(model, field) != getattr(fresh, field):
            problems.append(field)
    if list(model.source_map.items()) != list(fresh.source_map.items()):
        problems.append("source_map")
    return problems


def assert_model_matches_text(doc: TemplateDocument) -> None:
    fresh = parse_template(doc.text)
    assert model_differences(doc.model, fresh) == []
