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
