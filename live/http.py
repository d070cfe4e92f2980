"""HTTP clients of the live suite: pages as a logged-in person, the API with a bearer token per role.

Every request they send is recorded (method, path, status) by a `Recorder`, from which the coverage gate
(`live/coverage.py`) knows which write operations and page forms the suite exercised.

    pages = PageClient(stack.url, recorder).login("secretariat", stack.password)
    pages.get("/c/itc/pledges/")                            # a requests.Response
    pages.submit("/c/itc/pledges/add/", {"amount": "5"})    # GET the form, keep its values, POST changes
    api = ApiClient(stack.url, stack.token("secretariat"), recorder)
    api.post("/pledges/", {...}).json()                     # paths are relative to /api/v1
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import requests

TIMEOUT = 30


@dataclass
class Recorder:
    """Every (method, path, status) the live clients sent, shared by all clients of a run."""

    requests: list[tuple[str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, method: str, url: str, status: int) -> None:
        with self.lock:
            self.requests.append((method.upper(), urlparse(url).path, status))

    def hook(self, response, *args, **kwargs):
        # The request that was sent (a redirect's target is recorded as a request of its own).
        self.record(response.request.method, response.request.url, response.status_code)


class LiveSession(requests.Session):
    """A requests session bound to a base URL; relative paths are joined to it; every request recorded."""

    def __init__(self, base_url: str, recorder: Recorder | None = None, *, source_address: str | None = None):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.recorder = recorder
        if recorder is not None:
            self.hooks["response"].append(recorder.hook)
        if source_address:  # another loopback address, e.g. 127.0.0.2, for per-address limits
            adapter = _SourceAddressAdapter(source_address)
            self.mount("http://", adapter)

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        if not url.startswith("http"):
            url = self.base_url + url
        return super().request(method, url, *args, **kwargs)


class _SourceAddressAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, source_address: str, **kwargs):
        self.source_address = (source_address, 0)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = self.source_address
        super().init_poolmanager(*args, **kwargs)


# -- pages ---------------------------------------------------------------------------------------------


class _FormParser(HTMLParser):
    """Collects the forms of a page: action, method and the values a browser would submit by default."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": (a.get("method") or "get").lower(),
                "fields": [],
                "names": set(),
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            self._form["names"].add(name)
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._form["names"].add(name)
            self._select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._form["names"].add(name)
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self._form["fields"].extend((self._select["name"], v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def messages_of(html: str) -> list[str]:
    """The flash messages and form errors on a page, as text (for assertions and failure output)."""
    found = re.findall(r'class="[^"]*(?:message|errorlist|error)[^"]*"[^>]*>(.*?)</', html, flags=re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", m).strip() for m in found if m.strip()]


class PageClient(LiveSession):
    """A browser-like session: logs in through the login form and posts forms with their CSRF token."""

    def login(self, username: str, password: str) -> PageClient:
        page = self.get("/accounts/login/")
        response = self.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token(page)},
            headers={"Referer": page.url},
        )
        if "sessionid" not in self.cookies:
            raise AssertionError(
                f"login of {username} failed ({response.status_code}): {messages_of(response.text)}"
            )
        self.username = username
        return self

    def csrf_token(self, page: requests.Response | None = None) -> str:
        if page is not None:
            match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if match:
                return match.group(1)
        token = self.cookies.get("csrftoken")
        if token is None:
            self.get("/accounts/login/")
            token = self.cookies.get("csrftoken")
        return token

    def post_form(
        self, path: str, data: dict | list | None = None, *, files=None, **kwargs
    ) -> requests.Response:
        """POST to a page form as a browser would (CSRF token from the cookie), following redirects."""
        items = list(data.items()) if isinstance(data, dict) else list(data or [])
        items = [(k, v) for k, v in _flatten(items)]
        items.append(("csrfmiddlewaretoken", self.csrf_token()))
        return self.post(path, data=items, files=files, headers={"Referer": self.base_url + path}, **kwargs)

    def form(self, path: str, *, action: str | None = None, index: int | None = None) -> tuple:
        """The (action URL, default values) of a POST form on the page at `path` (the one whose action is
        `action`, else the `index`-th POST form, else the page's main form)."""
        page = self.get(path)
        assert page.status_code == 200, f"GET {path}: {page.status_code}"
        forms = [f for f in forms_of(page.text) if f["method"] == "post"]
        if action is not None:
            forms = [f for f in forms if urlparse(urljoin(page.url, f["action"])).path == action]
        elif index is None:
            # the main form: the one posting to the page itself (action empty or the page's own path)
            own = [
                f
                for f in forms
                if urlparse(urljoin(page.url, f["action"] or page.url)).path == urlparse(page.url).path
            ]
            forms = own or forms[-1:]
        assert forms, f"no POST form {action or ''} on {path}"
        chosen = forms[index or 0]
        target = urlparse(urljoin(page.url, chosen["action"] or page.url)).path
        return target, chosen["fields"], chosen["names"]

    def submit(
        self,
        path: str,
        changes: dict | None = None,
        *,
        action: str | None = None,
        files=None,
        index: int | None = None,
    ) -> requests.Response:
        """Open the form on `path`, keep the values it shows, apply `changes` (a list value for a multiple
        choice, None to drop a field) and post it. Returns the final response (redirects followed)."""
        target, fields, names = self.form(path, action=action, index=index)
        changes = changes or {}
        unknown = set(changes) - names - {"csrfmiddlewaretoken"} - set(files or {})
        assert not unknown, f"the form on {path} has no field {sorted(unknown)} (it has {sorted(names)})"
        kept = [(k, v) for k, v in fields if k not in changes and k != "csrfmiddlewaretoken"]
        added = [(k, v) for k, v in changes.items() if v is not None]
        return self.post_form(target, kept + added, files=files)


def _flatten(items):
    for key, value in items:
        if isinstance(value, (list, tuple)):
            for item in value:
                yield key, str(item)
        elif isinstance(value, bool):
            if value:
                yield key, "on"
        else:
            yield key, "" if value is None else str(value)


# -- API -----------------------------------------------------------------------------------------------


class ApiClient(LiveSession):
    """The API as an integrating system uses it: a bearer token, JSON, paths relative to /api/v1."""

    prefix = "/api/v1"

    def __init__(self, base_url: str, token: str | None, recorder: Recorder | None = None, **kwargs):
        super().__init__(base_url, recorder, **kwargs)
        self.headers["Accept"] = "application/json"
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method, url, *args, **kwargs):
        if not url.startswith(("http", self.prefix)):
            url = self.prefix + url
        return super().request(method, url, *args, **kwargs)

    def ok(
        self, method: str, path: str, expected: int | tuple = (200, 201, 202, 204), **kwargs
    ) -> dict | None:
        """Send, assert the status (showing the problem body if not), return the JSON body (or None)."""
        response = self.request(method, path, **kwargs)
        expected = (expected,) if isinstance(expected, int) else expected
        assert response.status_code in expected, (
            f"{method} {path}: {response.status_code} {response.text[:2000]}"
        )
        return response.json() if response.content else None

    def all(self, path: str, **params) -> list[dict]:
        """Every row of a paginated list."""
        rows, url = [], path
        while url:
            body = self.ok("GET", url, params=params)
            params = None
            rows.extend(body["results"] if isinstance(body, dict) and "results" in body else body)
            url = body.get("next") if isinstance(body, dict) else None
        return rows
