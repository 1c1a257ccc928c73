"""Tests of the credential warnings given before a template goes into Git."""

from __future__ import annotations

import pytest

from aos_designer.template.yamlsource import parse_yaml
from aos_designer.vcs.credentials import (
    is_credential_name,
    scan_inputs_file,
    scan_template,
)

HEAD = "tosca_definitions_version: huaweicloud_tosca_version_1_0\n"


def scan(text):
    parsed = parse_yaml(text)
    return [
        (w.code, w.line, w.column)
        for w in scan_template(parsed.value, parsed.source_map)
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("password", True),
        ("adminPass", True),
        ("db-password", True),
        ("root_passwd", True),
        ("secretKey", True),
        ("access_key", True),
        ("AK", True),
        ("sk", True),
        ("authToken", True),
        ("private-key", True),
        ("sshKeyName", False),
        ("passwordPolicy", False),
        ("tokenExpiry", False),
        ("name", False),
    ],
)
def test_credential_names(name, expected):
    assert is_credential_name(name) is expected


def test_secret_input_default():
    text = HEAD + "inputs:\n  pw:\n    type: secret\n    default: abc123\n"

    assert scan(text) == [("credential-input-default", 5, 14)]


def test_secret_input_without_default():
    text = HEAD + "inputs:\n  pw:\n    type: password\n"

    assert scan(text) == []


@pytest.mark.parametrize("default", ["''", "'******'", "null", "true"])
def test_secret_input_placeholder_default(default):
    text = HEAD + f"inputs:\n  db-password:\n    default: {default}\n"

    assert scan(text) == []


def test_input_named_like_credential():
    text = HEAD + "inputs:\n  db-password:\n    default: 1234\n"

    assert scan(text) == [("credential-input-default", 4, 14)]


def test_plain_input_default_is_fine():
    text = HEAD + "inputs:\n  flavor:\n    type: string\n    default: s6.small.1\n"

    assert scan(text) == []


def test_property_literal_and_function():
    text = HEAD + (
        "node_templates:\n"
        "  server:\n"
        "    properties:\n"
        "      adminPass: hunter2\n"
        "      password: {get_input: pw}\n"
        "      userData: {concat: [a, b]}\n"
    )

    assert scan(text) == [("credential-value", 5, 18)]


def test_access_key_pair():
    text = HEAD + (
        "metadata:\n"
        "  a: HPUA5XXJ2KW7TQ8ZR0MN\n"
        "  b: 9aZkQ3vT7pLmN2xR8sW4yB6cD1eF5gH0jK3lM7nP\n"
    )

    assert scan(text) == [("credential-access-key", 3, 6)]


def test_access_key_alone_is_fine():
    text = HEAD + "metadata:\n  a: HPUA5XXJ2KW7TQ8ZR0MN\n  b: ABCDEFGHIJKLMNOPQRST\n"

    assert scan(text) == []


def test_access_key_inside_longer_text():
    text = HEAD + (
        "description: 'keys HPUA5XXJ2KW7TQ8ZR0MN and "
        "9aZkQ3vT7pLmN2xR8sW4yB6cD1eF5gH0jK3lM7nP'\n"
    )

    assert scan(text) == [("credential-access-key", 2, 14)]


def test_token_and_private_key():
    token = "MII" + "Ab9+" * 60
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc_def-123"
    text = HEAD + (
        f"metadata:\n  iam: {token}\n  jwt: {jwt}\n"
        '  pem: "-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\n"\n'
    )

    assert scan(text) == [
        ("credential-token", 3, 8),
        ("credential-token", 4, 8),
        ("credential-private-key", 5, 8),
    ]


def test_uuid_is_not_a_key():
    text = HEAD + "metadata:\n  image: 67f433d8-ed0e-4321-a8a2-a71838539e09\n"

    assert scan(text) == []


def test_inputs_file_values():
    parsed = parse_yaml("vpc-cidr: 10.0.0.0/16\nrds-password: hunter2\n")

    found = scan_inputs_file(parsed.value, parsed.source_map)

    assert [(w.code, w.line, w.column, w.path) for w in found] == [
        ("credential-value", 2, 15, ("rds-password",))
    ]
    assert "hunter2" not in found[0].message


def test_access_key_after_decoy():
    text = HEAD + (
        "metadata:\n"
        "  a: ABCDEFGHIJKLMNOPQRST HPUA5XXJ2KW7TQ8ZR0MN\n"
        "  b: 9aZkQ3vT7pLmN2xR8sW4yB6cD1eF5gH0jK3lM7nP\n"
    )

    assert scan(text) == [("credential-access-key", 3, 6)]
