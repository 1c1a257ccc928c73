"""The analysis behind the views: edges, cycles, resource blocks, syntax errors."""

from __future__ import annotations

from aos_designer.gui.analysis import Analyzer, Edge, analyze, text_change
from aos_designer.template.textedit import TextEdit


def read(data_dir, name: str) -> str:
    return (data_dir / name).read_text(encoding="utf-8")


def test_edges_of_web_server_sample(data_dir):
    analysis = analyze(
        read(data_dir.parent.parent / "resources" / "samples", "web-server.yaml"), 1
    )
    pairs = [(edge.source, edge.target, edge.wired) for edge in analysis.edges]
    assert pairs == [
        ("web-subnet", "web-vpc", True),
        ("web-sg", "web-vpc", False),
        ("allow-http", "web-sg", True),
        ("web-server", "web-vpc", True),
        ("web-server", "web-subnet", True),
        ("web-server", "allow-http", False),
    ]


def test_edge_reasons_name_requirement_and_call(data_dir):
    analysis = analyze(read(data_dir, "iaas-vpc-subnet-ecs.yaml"), 1)
    edge = next(
        e for e in analysis.edges if (e.source, e.target) == ("mysubnet", "myvpc")
    )
    assert edge == Edge(
        "mysubnet",
        "myvpc",
        True,
        ("requirement vpcId", "get_reference in its properties"),
    )


def test_cycle_edges_follow_cycle_path(data_dir):
    analysis = analyze(read(data_dir, "cycle-three-servers.yaml"), 1)
    assert analysis.cycle_edges == {
        ("first", "third"),
        ("third", "second"),
        ("second", "first"),
    }
    assert [d.code for d in analysis.diagnostics] == ["dependency-cycle"]


def test_blocks_end_at_last_body_line(data_dir):
    text = read(data_dir.parent.parent / "resources" / "samples", "web-server.yaml")
    analysis = analyze(text, 1)
    block = analysis.blocks["web-vpc"]
    assert text[block.line : block.key] == "  "
    assert text[block.key : block.end] == (
        "web-vpc:\n"
        "    type: HuaweiCloud.VPC.VPC\n"
        "    properties:\n"
        "      name: web-vpc\n"
        "      cidr: {get_input: vpc-cidr}"
    )


def test_resource_at_maps_offsets_to_names():
    text = (
        "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"
        "node_templates:\n"
        "  a:\n"
        "    type: HuaweiCloud.VPC.VPC\n"
        "\n"
        "  # the subnet\n"
        "  b:\n"
        "    type: HuaweiCloud.VPC.Subnet\n"
    )
    analysis = analyze(text, 1)
    assert analysis.resource_at(text.index("  a:")) == "a"
    assert analysis.resource_at(text.index("VPC.VPC")) == "a"
    assert analysis.resource_at(text.index("\n\n") + 1) is None
    assert analysis.resource_at(text.index("# the")) is None
    assert analysis.resource_at(text.index("Subnet")) == "b"
    assert analysis.resource_at(0) is None


def test_syntax_error_leaves_template_none():
    analysis = analyze("node_templates:\n  a: [1, 2\n", 7)
    assert analysis.revision == 7
    assert analysis.template is None
    assert analysis.syntax_error is not None
    assert analysis.syntax_error.code == "yaml-syntax"
    assert analysis.syntax_error.line == 2
    assert analysis.diagnostics == [analysis.syntax_error]


def test_problems_grouped_by_resource(data_dir):
    analysis = analyze(read(data_dir, "unknown-references.yaml"), 1)
    grouped = analysis.counts_by_resource()
    assert sorted(grouped) == ["server", "subnet"]
    assert [d.line for d in grouped["server"]] == [22, 27]
    assert [d.code for d in grouped["subnet"]] == ["unknown-resource"]


def test_text_change_between_revisions():
    assert text_change("abcdef", "abXYef") == TextEdit(2, 4, "XY")
    assert text_change("abc", "abc") == TextEdit(3, 3, "")
    assert text_change("aaa", "aaaa") == TextEdit(3, 3, "a")
    assert text_change("", "new") == TextEdit(0, 0, "new")
    assert text_change("gone", "") == TextEdit(0, 4, "")


def test_analyzer_reuses_unchanged_resources(data_dir):
    text = read(data_dir, "unknown-references.yaml")
    analyzer = Analyzer()
    analyzer.analyze(text, 1)
    edited = text.replace("cidr: 192.168.1.0/24", "cidr: 192.168.2.0/24")
    again = analyzer.analyze(edited, 2)
    assert analyzer.validator.stats.reused == 2
    assert analyzer.validator.stats.checked == 1
    fresh = analyze(edited, 2)
    assert [(d.code, d.span) for d in again.diagnostics] == [
        (d.code, d.span) for d in fresh.diagnostics
    ]
    assert again.blocks == fresh.blocks
    assert again.edges == fresh.edges


def test_analyzer_recovers_after_syntax_error(data_dir):
    text = read(data_dir, "two-networks.yaml")
    analyzer = Analyzer()
    analyzer.analyze(text, 1)
    assert analyzer.analyze(text + "  bad: [1\n", 2).template is None
    fixed = analyzer.analyze(text + "  bad: [1]\n", 3)
    assert sorted(fixed.template.resources) == ["bad", "net-a", "net-b", "subnet-a"]
