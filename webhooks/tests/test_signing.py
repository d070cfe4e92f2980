"""The signature a receiver checks: HMAC-SHA256(secret, "<t>.<body>") in `X-Portal-Signature: t=…,v1=…`."""

import hashlib
import hmac
import re

from webhooks import signing


def test_header_is_t_and_v1_over_timestamp_dot_body():
    value = signing.header("whsec_abc", '{"a":1}', timestamp=1700000000)
    expected = hmac.new(b"whsec_abc", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert value == f"t=1700000000,v1={expected}"
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", value)


def test_verify_accepts_the_signed_body_only():
    value = signing.header("s3cret", '{"a":1}', timestamp=1000)
    assert signing.verify("s3cret", '{"a":1}', value, now=1000)
    assert not signing.verify("s3cret", '{"a":2}', value, now=1000)  # body changed
    assert not signing.verify("other", '{"a":1}', value, now=1000)  # another secret
    assert not signing.verify("s3cret", '{"a":1}', value, now=1000 + 301)  # replayed too late
    assert not signing.verify("s3cret", '{"a":1}', "v1=abc", now=1000)  # no timestamp
    assert not signing.verify("s3cret", '{"a":1}', "garbage", now=1000)


def test_the_receiver_snippet_in_the_api_guide_verifies_a_real_signature():
    """docs/api.md's Python check, run as written, against a header the portal makes."""
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    section = guide.split("### Verifying the signature", 1)[1]
    snippet = section.split("```python", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(compile(snippet, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own documentation
    body = '{"id":"e1","type":"pledge.created","data":{"object":{"amount":"5.00"}}}'
    value = signing.header("whsec_docs", body)
    assert namespace["verify"]("whsec_docs", body.encode(), value)
    assert not namespace["verify"]("whsec_docs", body.encode() + b" ", value)
    assert not namespace["verify"]("whsec_other", body.encode(), value)
