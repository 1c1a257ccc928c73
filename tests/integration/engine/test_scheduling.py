"""Order and parallelism on generated dependency graphs."""

from __future__ import annotations

import random
import threading

import pytest

from aos_designer.engine import DeployOptions
from aos_designer.template import parse_template


def generated_template(seed: int, size: int) -> tuple[str, dict[str, list[str]]]:
    """Return a template of `size` generic resources, each depending on up to three
    earlier ones at random, and the dependencies of each."""
    rng = random.Random(seed)
    lines = [
        "tosca_definitions_version: huaweicloud_tosca_version_1_0",
        "node_templates:",
    ]
    depends: dict[str, list[str]] = {}
    for index in range(size):
        name = f"r{index}"
        earlier = [f"r{i}" for i in range(index)]
        chosen = sorted(rng.sample(earlier, min(len(earlier), rng.randint(0, 3))))
        depends[name] = chosen
        lines += [f"  {name}:", "    type: HuaweiCloud.SMN.Topic"]
        if chosen:
            lines.append("    requirements:")
            lines += [f"      - dependency: {{node: {target}}}" for target in chosen]
    return "\n".join(lines) + "\n", depends


@pytest.mark.parametrize("seed", range(5))
def test_dependencies_finish_first(make_recording, seed):
    engine, cloud = make_recording()
    text, depends = generated_template(seed, 40)
    result = engine.deploy(
        parse_template(text), "graph", {}, DeployOptions(time_scale=0, parallelism=8)
    )
    assert result.succeeded
    position = {
        (kind, name): index for index, (kind, name, _) in enumerate(cloud.calls)
    }
    for name, targets in depends.items():
        for target in targets:
            assert position[("created", target)] < position[("create", name)]


@pytest.mark.parametrize("seed", range(3))
def test_delete_after_dependents(make_recording, seed):
    engine, cloud = make_recording()
    text, depends = generated_template(seed, 30)
    engine.deploy(
        parse_template(text), "graph", {}, DeployOptions(time_scale=0, parallelism=8)
    )
    cloud.calls.clear()
    engine.delete("graph", options=DeployOptions(time_scale=0, parallelism=8))
    order = cloud.names("delete")
    assert sorted(order) == sorted(depends)
    for name, targets in depends.items():
        for target in targets:
            assert order.index(name) < order.index(target)


def test_wide_graph_overlaps_up_to_parallelism(make_recording):
    lock = threading.Lock()
    running = [0, 0]
    barrier = threading.Barrier(3, timeout=10)

    def gate(name):
        with lock:
            running[0] += 1
            running[1] = max(running[1], running[0])
        try:
            barrier.wait()
        finally:
            with lock:
                running[0] -= 1

    engine, _ = make_recording(gate)
    wide = (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\nnode_templates:\n"
        + "".join(f"  w{i}:\n    type: HuaweiCloud.SMN.Topic\n" for i in range(6))
    )
    result = engine.deploy(
        parse_template(wide), "wide", {}, DeployOptions(time_scale=0, parallelism=3)
    )
    assert result.succeeded
    assert running[1] == 3


def test_parallelism_one_runs_in_creation_order(make_recording):
    engine, cloud = make_recording()
    text, _ = generated_template(3, 12)
    engine.deploy(
        parse_template(text), "serial", {}, DeployOptions(time_scale=0, parallelism=1)
    )
    starts = [(kind, name) for kind, name, _ in cloud.calls]
    assert starts == [
        pair
        for name in [f"r{i}" for i in range(12)]
        for pair in (("create", name), ("created", name))
    ]


def test_two_stacks_deploy_at_once(engine):
    templates = [generated_template(seed, 15)[0] for seed in (11, 12)]
    results = {}

    def deploy(name: str, text: str) -> None:
        options = DeployOptions(time_scale=0, parallelism=4)
        results[name] = engine.deploy(parse_template(text), name, {}, options)

    workers = [
        threading.Thread(target=deploy, args=(f"stack{index}", text))
        for index, text in enumerate(templates)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert results["stack0"].succeeded
    assert results["stack1"].succeeded
    assert len(engine.resources("stack0")) == 15
    assert len(engine.resources("stack1")) == 15
    assert len(engine.sandbox_list()) == 30
