"""Package list for setuptools: the code under aos_designer/, plus the top-level schemas/
and resources/ folders shipped inside it (see package-dir in pyproject.toml)."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["aos_designer", "aos_designer.*"])
    + ["aos_designer.schemas", "aos_designer.resources"],
)
