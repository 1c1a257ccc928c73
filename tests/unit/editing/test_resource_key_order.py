"""`set_value` places a new key of a resource in the usual order of a resource's
keys, as `set_property` does for `properties`."""

from __future__ import annotations

from aos_designer.template import TemplateDocument

TEXT = (
    "node_templates:\n"
    "  job:\n"
    "    type: HuaweiCloud.AOS.Job\n"
    "    properties:\n"
    "      script: echo hello\n"
    "outputs: {}\n"
)


def test_condition_goes_after_type():
    document = TemplateDocument(TEXT)
    document.set_value(("node_templates", "job", "condition"), "production")
    assert document.text == TEXT.replace(
        "    type: HuaweiCloud.AOS.Job\n",
        "    type: HuaweiCloud.AOS.Job\n    condition: production\n",
    )


def test_metadata_goes_after_properties():
    document = TemplateDocument(TEXT)
    document.set_value(("node_templates", "job", "metadata"), {"owner": "ops"})
    assert document.text == TEXT.replace(
        "      script: echo hello\n",
        "      script: echo hello\n    metadata:\n      owner: ops\n",
    )
