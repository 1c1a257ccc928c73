"""SDK-HMAC-SHA256 signing: a published signature, agreement with Huawei's own
`Signer`, and signed requests as a server receives them."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timezone

import pytest
import requests

from aos_designer.remote import signing

# Huawei Cloud's API signing guide ("Adding the Signature to the Request Header",
# devg-apisign) signs this request with these keys and publishes the result.
GUIDE_AK = "QTWAOYTTINDUT2QVKYUC"
GUIDE_SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
GUIDE_URL = (
    "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs"
    "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
)
GUIDE_HEADERS = {"Content-Type": "application/json", "X-Sdk-Date": "20191115T033655Z"}
GUIDE_HASHED_REQUEST = (
    "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
)
GUIDE_SIGNATURE = "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"

AK = "AKTESTEXAMPLE0000001"
SK = "skTestExampleSecretKeyThatIsOnlyForTests01"
FIXED = datetime(2024, 3, 5, 7, 8, 9, tzinfo=timezone.utc)


def test_sign_reproduces_guide_signature():
    signed = signing.sign("GET", GUIDE_URL, GUIDE_HEADERS, b"", GUIDE_AK, GUIDE_SK)
    hashed = hashlib.sha256(signed.canonical_request.encode()).hexdigest()
    assert hashed == GUIDE_HASHED_REQUEST
    assert signed.string_to_sign == (
        f"SDK-HMAC-SHA256\n20191115T033655Z\n{GUIDE_HASHED_REQUEST}"
    )
    assert signed.signature == GUIDE_SIGNATURE
    assert signed.authorization == (
        f"SDK-HMAC-SHA256 Access={GUIDE_AK}, SignedHeaders=content-type;host;x-sdk-date, "
        f"Signature={GUIDE_SIGNATURE}"
    )
    assert signed.headers["Host"] == "service.region.example.com"


def test_sign_canonical_request_lines():
    signed = signing.sign(
        "post",
        "http://127.0.0.1:8733/v2/stacks/a b/actions?z=1&a=%2F&a=0",
        {"Content-Type": "application/json", "X-Project-Id": " p1 "},
        b'{"lifecycle": "retry"}',
        AK,
        SK,
        when=FIXED,
    )
    lines = signed.canonical_request.split("\n")
    assert lines[0] == "POST"
    assert lines[1] == "/v2/stacks/a%20b/actions/"
    assert lines[2] == "a=%2F&a=0&z=1"
    assert lines[3:7] == [
        "content-type:application/json",
        "host:127.0.0.1:8733",
        "x-project-id:p1",
        "x-sdk-date:20240305T070809Z",
    ]
    assert lines[7] == ""
    assert lines[8] == "content-type;host;x-project-id;x-sdk-date"
    assert lines[9] == hashlib.sha256(b'{"lifecycle": "retry"}').hexdigest()


def test_sign_multipart_body_unsigned():
    signed = signing.sign(
        "POST",
        "https://aos.cn-north-4.myhuaweicloud.com/v2/templates",
        {"Content-Type": "multipart/form-data; boundary=xyz"},
        b"--xyz\r\n...",
        AK,
        SK,
        when=FIXED,
    )
    assert signed.headers["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    assert signed.canonical_request.endswith("\nUNSIGNED-PAYLOAD")
    assert "x-sdk-content-sha256" in signed.signed_headers


def test_sign_skips_underscore_headers():
    signed = signing.sign(
        "GET",
        "https://example.com/v2/stacks",
        {"X_Custom": "1", "X-Other": "2"},
        None,
        AK,
        SK,
        when=FIXED,
    )
    assert signed.signed_headers == ("host", "x-other", "x-sdk-date")


def test_sign_default_port_left_out():
    assert signing.host_header("https://example.com:443/v2") == "example.com"
    assert signing.host_header("http://example.com:80/v2") == "example.com"
    assert signing.host_header("https://example.com:8443/v2") == "example.com:8443"
    assert signing.host_header("http://[::1]:8733/v2") == "[::1]:8733"


def test_sign_requires_both_keys():
    with pytest.raises(ValueError, match="access key and a secret key"):
        signing.sign("GET", "https://example.com/", {}, None, AK, "")


CASES = [
    ("GET", "/v2/stacks", [("project_id", "p1"), ("name", "web-1")], {}, b""),
    (
        "POST",
        "/v2/stacks",
        [],
        {"Content-Type": "application/json;charset=UTF-8"},
        b'{"name": "demo", "inputs_json": "{\\"a\\": \\"\xc3\xa9\\"}"}',
    ),
    (
        "PUT",
        "/v2/stacks/4a1f-9c/actions",
        [("a", "x y"), ("b", "~!*()'")],
        {"Content-Type": "application/json", "X-Project-Id": "proj"},
        b'{"lifecycle": "upgrade"}',
    ),
    (
        "POST",
        "/v2/templates",
        [],
        {"Content-Type": "multipart/form-data; boundary=abc"},
        b"--abc\r\ncontent\r\n--abc--\r\n",
    ),
    ("DELETE", "/v2/stacks/%E4%B8%AD/elements/my_vm", [("force", "true")], {}, b""),
    ("GET", "/", [], {"X-Extra-Thing": "  padded value  "}, b""),
]


@pytest.mark.parametrize("method,path,query,headers,body", CASES)
def test_sign_matches_huawei_signer(method, path, query, headers, body):
    core = pytest.importorskip("huaweicloudsdkcore")
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer

    del core
    date = FIXED.strftime(signing.DATE_FORMAT)
    theirs = SdkRequest(
        method=method,
        schema="https",
        host="aos.cn-north-4.myhuaweicloud.com",
        resource_path=path,
        query_params=list(query),
        header_params={**headers, "X-Sdk-Date": date},
        body=body,
    )
    Signer(BasicCredentials(AK, SK)).sign(theirs)

    from urllib.parse import urlencode

    url = "https://aos.cn-north-4.myhuaweicloud.com" + path
    if query:
        url += "?" + urlencode(query)
    ours = signing.sign(method, url, {**headers, "X-Sdk-Date": date}, body, AK, SK)
    assert ours.authorization == theirs.header_params["Authorization"]


def test_auth_signs_sent_request(loopback):
    received = {}

    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        received["body"] = environ["wsgi.input"].read(length)
        received["method"] = environ["REQUEST_METHOD"]
        received["path"] = environ["PATH_INFO"]
        received["query"] = environ["QUERY_STRING"]
        received["headers"] = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        received["headers"]["Content-Type"] = environ.get("CONTENT_TYPE", "")
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]

    url = loopback(app)
    response = requests.post(
        f"{url}/v2/stacks?project_id=p1",
        json={"name": "demo"},
        headers={"X-Project-Id": "p1"},
        auth=signing.AkSkAuth(AK, SK),
        timeout=5,
    )
    assert response.status_code == 200
    headers = received["headers"]
    authorization = headers["Authorization"]
    names = authorization.split("SignedHeaders=")[1].split(",")[0]
    assert names == "content-type;host;x-project-id;x-sdk-date"
    assert authorization.startswith(f"SDK-HMAC-SHA256 Access={AK}, ")

    # Rebuild the canonical request from what arrived, as the gateway does.
    canonical = "\n".join(
        [
            received["method"],
            received["path"] + "/",
            received["query"],
            "".join(
                f"{name}:{headers[name.title()].strip()}\n" for name in names.split(";")
            ),
            names,
            hashlib.sha256(received["body"]).hexdigest(),
        ]
    )
    string_to_sign = "\n".join(
        [
            "SDK-HMAC-SHA256",
            headers["X-Sdk-Date"],
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    expected = hmac.new(
        SK.encode(), string_to_sign.encode(), hashlib.sha256
    ).hexdigest()
    assert authorization.endswith(f"Signature={expected}")


def test_auth_repr_hides_keys():
    auth = signing.AkSkAuth(AK, SK)
    assert SK not in repr(auth)
    assert AK not in repr(auth)
