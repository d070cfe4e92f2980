"""Helpers of the page-form tests: the coalition's path, an accepted submission, a tag, a local time."""

import re
import secrets
import time
from urllib.parse import urlparse

from live.http import messages_of

C = "/c/it-coalition"


def ok(response, *texts, url=None):
    """The submission was accepted: redirected away from the form (or to `url`), showing `texts`."""
    assert response.status_code == 200, (response.status_code, response.url, response.text[:1500])
    errors = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', response.text, flags=re.S)
    assert not errors, f"form errors on {response.url}: {errors} {messages_of(response.text)}"
    if url is not None:
        assert urlparse(response.url).path == url, response.url
    for text in texts:
        assert text in response.text, f"{text!r} not on {response.url}"
    return response


def tag():
    return secrets.token_hex(3)


def local(days_from_now, hour=9):
    return time.strftime(f"%Y-%m-%dT{hour:02d}:00", time.localtime(time.time() + days_from_now * 86400))
