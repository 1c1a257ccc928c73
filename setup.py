"""Package list for setuptools: the code under aos_designer/, plus the top-level schemas/
and resources/ folders and their subfolders shipped inside it (see package-dir and
package-data in pyproject.toml)."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["aos_designer", "aos_designer.*"])
    + [
        "aos_designer.schemas",
        "aos_designer.schemas.types",
        "aos_designer.resources",
        "aos_designer.resources.icons",
        "aos_designer.resources.samples",
    ],
)
