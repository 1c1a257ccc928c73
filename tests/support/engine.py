"""Fixtures of the engine's tests: an engine on a fresh state folder, templates from
tests/data, and deployment options with the simulated cloud at time scale 0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aos_designer.engine import DeployOptions, Engine
    from aos_designer.template import Template

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    from aos_designer.engine import Engine

    with Engine(tmp_path / "state") as opened:
        yield opened


@pytest.fixture
def load() -> Callable[[str], Template]:
    """Parse a template from tests/data by its relative path, or the sample."""
    from aos_designer.data import sample_template
    from aos_designer.template import parse_template

    def parse(name: str) -> Template:
        path = sample_template() if name == "sample" else DATA / name
        return parse_template(path.read_text(encoding="utf-8"))

    return parse


@pytest.fixture
def fast() -> DeployOptions:
    from aos_designer.engine import DeployOptions

    return DeployOptions(time_scale=0)
