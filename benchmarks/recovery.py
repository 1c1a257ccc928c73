"""Crash recovery of a large stack: how long opening the engine takes, and how long the
rollback takes against deleting the same stack.

A first deployment of N generic resources is made to look interrupted just before its
end: its deployment is marked running again and the stack has no deployment that
succeeded, as after a kill. Opening an engine then starts rolling it back in the
background. The baselines, run in the same process, are opening an engine with
nothing to recover and deleting an identical stack that was not interrupted.

Run: python benchmarks/recovery.py [--resources N] [--parallelism P]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.engine import DeployOptions, Engine  # noqa: E402
from aos_designer.template import parse_template  # noqa: E402
from engine_overhead import generated_text  # noqa: E402


def deploy(state: Path, text: str, parallelism: int) -> None:
    options = DeployOptions(time_scale=0, parallelism=parallelism)
    with Engine(state) as engine:
        result = engine.deploy(parse_template(text), "big", {}, options)
        assert result.succeeded, result.message


def mark_interrupted(state: Path) -> None:
    """Make the stack's only deployment look like one that a kill stopped."""
    with Engine(state, recover=False) as engine:
        record = engine.store.find_stack("big")
        assert record is not None
        with engine.db.transaction() as connection:
            connection.execute(
                "UPDATE deployments SET status = 'running', phase = 'Creating', "
                "owner_pid = 0, finished = NULL WHERE stack_id = ?",
                (record.info.id,),
            )
            connection.execute(
                "UPDATE stacks SET phase = 'Creating', status = 'Processing', "
                "last_good_deployment = NULL WHERE id = ?",
                (record.info.id,),
            )


def timed_open(state: Path) -> tuple[float, float, str]:
    """Return the seconds to open the engine, the seconds until its recovery ended,
    and the stack's phase then."""
    start = time.perf_counter()
    engine = Engine(state)
    opened = time.perf_counter() - start
    engine.wait_for_recovery()
    recovered = time.perf_counter() - start
    phase = engine.stack("big").phase
    engine.close()
    return opened, recovered, phase


def timed_delete(state: Path) -> float:
    with Engine(state) as engine:
        start = time.perf_counter()
        result = engine.delete("big", options=DeployOptions(time_scale=0))
        assert result.succeeded, result.message
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--parallelism", type=int, default=10)
    args = parser.parse_args()
    text = generated_text(args.resources)

    with tempfile.TemporaryDirectory() as folder:
        interrupted = Path(folder) / "interrupted"
        plain = Path(folder) / "plain"
        deploy(interrupted, text, args.parallelism)
        deploy(plain, text, args.parallelism)
        mark_interrupted(interrupted)

        start = time.perf_counter()
        Engine(plain).close()
        open_plain = time.perf_counter() - start
        open_pending, recovered, phase = timed_open(interrupted)
        deleted = timed_delete(plain)

    count = args.resources
    print(f"resources: {count}, parallelism: {args.parallelism}, time scale 0")
    print(f"open, nothing to recover:     {open_plain * 1000:8.1f} ms")
    print(f"open, recovery pending:       {open_pending * 1000:8.1f} ms")
    print(f"ratio open pending / plain:   {open_pending / open_plain:8.2f}")
    print(f"rollback by recovery:         {recovered:8.2f} s  ({phase})")
    print(f"delete of the same stack:     {deleted:8.2f} s")
    print(f"ratio rollback / delete:      {recovered / deleted:8.2f}")


if __name__ == "__main__":
    main()
