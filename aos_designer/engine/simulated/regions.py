"""The regions and availability zones of the simulated cloud.

The regions are Huawei Cloud public regions. Every region has the zones `a`, `b` and
`c` here.
NOTE: real regions differ in their zone count and some name zones differently; the
simulation gives every region the same three.
"""

from __future__ import annotations

REGIONS = (
    "cn-north-1",
    "cn-north-4",
    "cn-north-9",
    "cn-east-2",
    "cn-east-3",
    "cn-south-1",
    "cn-southwest-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "af-south-1",
    "la-north-2",
    "la-south-2",
    "sa-brazil-1",
    "tr-west-1",
    "me-east-1",
)
ZONE_LETTERS = ("a", "b", "c")


def zones(region: str) -> tuple[str, ...]:
    return tuple(region + letter for letter in ZONE_LETTERS)


def region_problem(region: str) -> str | None:
    """Return why `region` is not a region of the simulated cloud, or None."""
    if region in REGIONS:
        return None
    return f"unknown region {region!r}; use one of {', '.join(REGIONS)}"
