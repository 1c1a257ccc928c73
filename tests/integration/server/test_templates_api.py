"""Template calls of the real client against the real server on loopback."""

from __future__ import annotations

import pytest
import requests

from aos_designer.remote import client as client_module
from aos_designer.remote import errors
from aos_designer.remote.package import TemplatePackage, package_from_file

from .conftest import make_client

SIMPLE = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
inputs:
  vpc-name:
    default: demo-vpc
    description: name of the VPC
  cidr:
    type: string
    description: CIDR of the VPC
node_templates:
  myvpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      name:
        get_input: vpc-name
      cidr:
        get_input: cidr
outputs:
  vpc-id:
    value:
      get_attribute: [myvpc, refID]
"""

BROKEN = """\
tosca_definitions_version: huaweicloud_tosca_version_1_0
node_templates:
  myvpc:
    type: HuaweiCloud.VPC.VPC
    properties:
      cidr:
        get_input: nowhere
"""


def test_upload_list_get_download(client):
    created = client.create_template(
        "simple", SIMPLE, version="1.2.0", description="one VPC"
    )
    assert created.name == "simple"
    assert created.version == "1.2.0"
    listed = client.list_templates()
    assert [(item.id, item.name) for item in listed] == [(created.id, "simple")]
    fetched = client.get_template(created.id)
    assert fetched.description == "one VPC"
    assert fetched.raw["project_id"] == "p-test"
    assert fetched.raw["content_type"] == "yaml"
    downloaded = client.download_template(created.id)
    assert downloaded.text == SIMPLE
    assert downloaded.files == {}


def test_template_inputs_describe_use(client):
    created = client.create_template("simple", SIMPLE)
    inputs = client.template_inputs(created.id)
    assert list(inputs) == ["vpc-name", "cidr"]
    assert inputs["vpc-name"] == {
        "type": "string",
        "default": "demo-vpc",
        "description": "name of the VPC",
        "label": "",
        "constraints": [],
        "required": False,
        "advanced": False,
        "immutable": False,
        "usednodes": ["myvpc"],
    }
    assert inputs["cidr"]["required"] is True


def test_invalid_template_rejected_with_aos_code(client):
    with pytest.raises(errors.BadRequest) as caught:
        client.create_template("broken", BROKEN)
    error = caught.value
    assert error.status == 400
    assert error.code == "SVCSTG.AOS.4001119"
    assert error.detail == "the template is invalid: 1 error"
    assert (
        error.extend
        == "line 7, column 20: unknown input 'nowhere'; define it under inputs"
    )
    assert str(error).startswith(
        "create template broken failed: the template is invalid"
    )
    assert client.list_templates() == []


def test_yaml_syntax_error_position(client):
    with pytest.raises(errors.BadRequest) as caught:
        client.create_template("syntax", "node_templates:\n  a: [1,\n")
    assert caught.value.code == "SVCSTG.AOS.4001119"
    assert caught.value.extend.startswith(
        "line 2, column 6: invalid YAML: '[' is never closed; add ']' at the end"
    )


def test_duplicate_template_name_conflict(client):
    client.create_template("simple", SIMPLE)
    with pytest.raises(errors.Conflict) as caught:
        client.create_template("simple", SIMPLE)
    assert caught.value.code == "SVCSTG.AOS.4091001"


def test_same_name_other_project_allowed(server, client, token):
    _, url = server
    client.create_template("simple", SIMPLE)
    with make_client(url, token, project_id="p-other") as other:
        other.create_template("simple", SIMPLE)
        assert [item.name for item in other.list_templates()] == ["simple"]
    assert len(client.list_templates()) == 1


@pytest.mark.parametrize(
    "name,problem",
    [
        ("1st", "template name '1st' is invalid"),
        ("Web", "template name 'Web' is invalid"),
    ],
)
def test_bad_template_name_rejected(client, name, problem):
    with pytest.raises(ValueError, match=problem):
        client.create_template(name, SIMPLE)


def test_bad_version_rejected_by_server(client):
    with pytest.raises(errors.BadRequest) as caught:
        client.create_template("simple", SIMPLE, version="1..0")
    assert caught.value.code == "SVCSTG.AOS.4001001"
    assert "template version '1..0' is invalid" in caught.value.detail


def test_update_and_delete_template(client):
    created = client.create_template("simple", SIMPLE)
    changed = SIMPLE.replace("demo-vpc", "other-vpc")
    client.update_template(created.id, "simple", changed, version="1.0.1")
    assert client.download_template(created.id).text == changed
    assert client.get_template(created.id).version == "1.0.1"
    client.delete_template(created.id)
    with pytest.raises(errors.NotFound) as caught:
        client.get_template(created.id)
    assert caught.value.code == "SVCSTG.AOS.4041001"
    assert str(caught.value).startswith(f"get template {created.id} failed: template ")


def test_package_round_trip(client, tmp_path):
    path = tmp_path / "net.yaml"
    path.write_text(SIMPLE)
    (tmp_path / "net.layout.json").write_text('{"version": 1, "nodes": {}}\n')
    package = package_from_file(path)
    created = client.create_template("net", package)
    assert client.get_template(created.id).raw["content_type"] == "file"
    back = client.download_template(created.id)
    assert back.main_file_name == "net.yaml"
    assert back.text == SIMPLE
    assert back.files == {"net.layout.json": b'{"version": 1, "nodes": {}}\n'}


def test_package_without_main_file_rejected(client):
    package = TemplatePackage(
        text=SIMPLE, main_file_name="a.yaml", files={"x.txt": b"x"}
    )
    data = package.to_zip()

    class Renamed(TemplatePackage):
        def to_zip(self) -> bytes:
            return data

    renamed = Renamed(text=SIMPLE, main_file_name="main.yaml", files={"x.txt": b"x"})
    with pytest.raises(errors.BadRequest) as caught:
        client.create_template("net", renamed)
    assert caught.value.code == "SVCSTG.AOS.4001119"
    assert "no main template file 'main.yaml'" in caught.value.detail


def test_list_pages_follow_content_range(client, monkeypatch):
    for name in ("t-one", "t-two", "t-three"):
        client.create_template(name, SIMPLE)
    monkeypatch.setattr(client_module, "PAGE_SIZE", 2)
    assert [item.name for item in client.list_templates()] == [
        "t-one",
        "t-two",
        "t-three",
    ]


def test_content_range_header(server, token, client):
    _, url = server
    client.create_template("t-one", SIMPLE)
    client.create_template("t-two", SIMPLE)
    response = requests.get(
        f"{url}/v2/templates?offset=1&limit=5",
        headers={"X-Auth-Token": token},
        timeout=5,
    )
    assert response.headers["Content-Range"] == "items 1-1/2"
    assert [item["name"] for item in response.json()] == ["t-two"]


def test_wrong_token_unauthorized(server):
    _, url = server
    with make_client(url, "not-the-token") as intruder:
        with pytest.raises(errors.Unauthorized) as caught:
            intruder.list_templates()
    assert caught.value.code == "APIGW.0301"
    assert (
        caught.value.detail
        == "the token is wrong; use the one in the server's token file"
    )


def test_missing_token_unauthorized(server):
    _, url = server
    response = requests.get(f"{url}/v2/templates", timeout=5)
    assert response.status_code == 401
    assert response.json() == {
        "code": "APIGW.0301",
        "message": "the request has no X-Auth-Token header; send the server's token in it",
        "extend": "",
        "showdetail": False,
    }


def test_body_over_limit_rejected(server, token):
    _, url = server
    body = b"x" * (12 * 1024 * 1024 + 1)
    response = requests.post(
        f"{url}/v2/templates",
        data=body,
        headers={"X-Auth-Token": token, "Content-Type": "application/octet-stream"},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.json()["code"] == "SVCSTG.AOS.4131001"
    assert response.json()["message"] == (
        "the request body (12582913 bytes) is over the limit of 12582912 bytes"
    )


def test_unknown_path_and_method(server, token):
    _, url = server
    headers = {"X-Auth-Token": token}
    missing = requests.get(f"{url}/v2/nothing", headers=headers, timeout=5)
    assert missing.status_code == 404
    assert missing.json()["code"] == "SVCSTG.AOS.4041000"
    wrong = requests.patch(f"{url}/v2/templates", headers=headers, timeout=5)
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "SVCSTG.AOS.4051000"


def test_upload_needs_multipart(server, token):
    _, url = server
    response = requests.post(
        f"{url}/v2/templates",
        json={"name": "x"},
        headers={"X-Auth-Token": token},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith(
        "send the template as multipart/form-data"
    )
