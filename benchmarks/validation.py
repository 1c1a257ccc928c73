"""Benchmark: validating generated templates of 500 and 2,000 resources.

Every time is the best of several runs in this process and is printed with its ratio
to libyaml's bare event parse of the same text (PyYAML's CSafeLoader, events only),
so the numbers compare across machines. Run from the repository root:

    python benchmarks/validation.py [--sizes 500 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_template

from aos_designer.template import parse_template
from aos_designer.validation import Validator


def best_time(action: Callable[[], object], repeat: int) -> float:
    """Return the shortest of `repeat` runs of `action`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_event_parse(text: str) -> None:
    for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
        pass


def edit_one_resource(text: str) -> str:
    """Return `text` with one property of one resource in the middle changed."""
    middle = text.index("size: 100", len(text) // 2)
    return text[:middle] + "size: 200" + text[middle + len("size: 100") :]


def measure(count: int, repeat: int) -> list[tuple[str, float]]:
    text = generate_template(count)
    edited = edit_one_resource(text)
    template = parse_template(text)
    edited_template = parse_template(edited)

    def cold_validation() -> None:
        Validator().validate(template)

    warm = Validator()
    warm.validate(template)

    def warm_validation() -> None:
        # Alternate between the two texts so each run follows an edit.
        warm.validate(edited_template)
        warm.validate(template)

    rows = [
        (
            "libyaml event parse (baseline)",
            best_time(lambda: bare_event_parse(text), repeat),
        ),
        (
            "parse with positions and model",
            best_time(lambda: parse_template(text), repeat),
        ),
        ("validation, first run", best_time(cold_validation, repeat)),
        (
            "parse and validation, first run",
            best_time(lambda: Validator().validate_text(text), repeat),
        ),
        (
            "validation after an edit in one resource",
            best_time(warm_validation, repeat) / 2,
        ),
    ]
    assert warm.stats.checked == 1, warm.stats
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(libyaml {yaml.__with_libyaml__}), {platform.machine()}, {os.cpu_count()} CPUs"
    )
    for count in args.sizes:
        rows = measure(count, args.repeat)
        baseline = rows[0][1]
        print(f"\n{count} resources ({len(generate_template(count))} characters)")
        for label, seconds in rows:
            print(f"  {label:<44} {seconds * 1000:9.1f} ms  {seconds / baseline:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
