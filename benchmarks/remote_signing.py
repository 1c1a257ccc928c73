"""Cost of AK/SK request signing: this program's SDK-HMAC-SHA256 signer against the
`Signer` of Huawei's `huaweicloudsdkcore`, run in the same process on the same requests.

The baseline is Huawei's signer (install the `signing` extra). Without it, only this
program's times are printed. Both sign a JSON POST and a GET with a query string.

Run: python benchmarks/remote_signing.py [--rounds N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aos_designer.remote import signing  # noqa: E402

AK = "AKBENCHMARK000000001"
SK = "benchmarkSecretKeyThatSignsNothingReal0001"
HOST = "aos.cn-north-4.myhuaweicloud.com"
DATE = "20240305T070809Z"
BODY = b'{"name": "web", "template_id": "4a1f", "inputs_json": "{}"}'
REQUESTS = [
    ("POST", "/v2/stacks", [], {"Content-Type": "application/json"}, BODY),
    ("GET", "/v2/stacks", [("project_id", "p1"), ("name", "web")], {}, b""),
]


def ours(rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for method, path, query, headers, body in REQUESTS:
            text = "&".join(f"{key}={value}" for key, value in query)
            url = f"https://{HOST}{path}" + (f"?{text}" if text else "")
            signing.sign(method, url, {**headers, "X-Sdk-Date": DATE}, body, AK, SK)
    return time.perf_counter() - started


def theirs(rounds: int) -> float | None:
    try:
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
        from huaweicloudsdkcore.sdk_request import SdkRequest
        from huaweicloudsdkcore.signer.signer import Signer
    except ImportError:
        return None
    signer = Signer(BasicCredentials(AK, SK))
    started = time.perf_counter()
    for _ in range(rounds):
        for method, path, query, headers, body in REQUESTS:
            request = SdkRequest(
                method=method,
                schema="https",
                host=HOST,
                resource_path=path,
                query_params=list(query),
                header_params={**headers, "X-Sdk-Date": DATE},
                body=body,
            )
            signer.sign(request)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20_000)
    args = parser.parse_args()
    count = args.rounds * len(REQUESTS)
    mine = ours(args.rounds)
    print(f"signatures: {count}")
    print(f"this program's signer: {mine / count * 1e6:8.2f} us per request")
    baseline = theirs(args.rounds)
    if baseline is None:
        print(
            "huaweicloudsdkcore is not installed: no baseline (pip install '.[signing]')"
        )
        return
    print(f"huaweicloudsdkcore:    {baseline / count * 1e6:8.2f} us per request")
    print(f"ratio ours / Huawei's: {mine / baseline:8.2f}")


if __name__ == "__main__":
    main()
