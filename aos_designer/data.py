"""Files shipped with the program: the resource catalog's schemas and the resources
(icons, sample templates, styles)."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _folder(name: str) -> Traversable:
    try:
        return resources.files(f"aos_designer.{name}")
    except ModuleNotFoundError:
        # Running from a source checkout that was not installed: the folders sit beside
        # the package.
        return _SOURCE_ROOT / name


def schemas_folder() -> Traversable:
    return _folder("schemas")


def resources_folder() -> Traversable:
    return _folder("resources")


def sample_template() -> Path:
    """Return the path of the sample template the quick start opens."""
    return Path(str(resources_folder() / "samples" / "web-server.yaml"))
