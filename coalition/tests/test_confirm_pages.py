"""Issue 13 item 5: every delete, withdraw and remove asks first, with or without JavaScript. A GET of the
action's URL (what its button does without JavaScript) shows "… ?" with the consequences and a button that
POSTs the action; it changes nothing. Records and URLs come from the authorisation matrix's world."""

import re
from pathlib import Path

import pytest
from django.test import Client

from coalition.tests import authz_matrix as matrix
from coalition.tests.authz_table import PAGES
from coalition.tests.authz_world import ROLES
from coalition.tests.test_authz_matrix import authz, page_url  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

CONFIRMED = {  # the page's name: the record of the world it removes
    "agenda-item-delete": "agenda_item",
    "agenda-document-delete": "agenda_document",
    "invitation-delete": "invitation",
    "registration-delete": "registration",
    "contact-delete": "contact",
    "distribution-list-delete": "distribution_list",
    "marking-delete": "classification_marking",
    "written-procedure-delete": "written_procedure",
    "minutes-comment-delete": "minutes_comment",
}


def _urls(world_of):
    routes, _unnamed = matrix.page_patterns()
    rows = matrix.parse(PAGES, ROLES, "page")
    return {name: page_url(rows[f"{name} GET"], routes[name], world_of.records) for name in CONFIRMED}


def _counts(world_of):
    return {name: type(getattr(world_of.records, rec)).objects.count() for name, rec in CONFIRMED.items()}


def test_a_get_of_each_destructive_action_asks_and_changes_nothing(authz):  # noqa: F811
    client = Client()
    client.force_login(authz.users["secX"])
    before = _counts(authz)
    for name, url in _urls(authz).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert response.templates[0].name == "confirm.html", name
        assert "?" in response.context["title"] and response.context["title"] in page, name  # the question
        assert f'<form method="post" action="{url}">' in page, name  # its button does it
        assert response.context["consequences"], name
        assert response.context["cancel_url"], name
    assert _counts(authz) == before


def test_the_confirmation_page_button_does_it(authz):  # noqa: F811
    client = Client()
    client.force_login(authz.users["secX"])
    url = _urls(authz)["agenda-item-delete"]
    model = type(authz.records.agenda_item)
    before = model.objects.count()
    assert client.get(url).status_code == 200 and model.objects.count() == before
    assert client.post(url).status_code == 302
    assert model.objects.count() == before - 1


def test_the_buttons_lead_to_the_confirmation_page_without_javascript(authz):  # noqa: F811
    """The button's form is a GET (no CSRF token in it: the script adds it when the dialog says yes)."""
    client = Client()
    client.force_login(authz.users["secX"])
    record = authz.records.agenda_item
    urls = _urls(authz)
    page = client.get(f"/c/{authz.records.coalition.slug}/meetings/{record.meeting.number}/").content.decode()
    assert f'<form method="get" action="{urls["agenda-item-delete"]}"' in page


def test_revoking_a_token_asks_first_without_javascript(authz):  # noqa: F811
    """The Revoke button of /account/tokens/ (one's own tokens, and the secretariat's list of its users')
    is a GET to the confirmation page; only its button revokes."""
    token = authz.records.api_token
    url = f"/account/tokens/{token.pk}/revoke/"
    for role in ("delA", "secX"):  # the owner, and the secretariat over the owner's coalition
        client = Client()
        client.force_login(authz.users[role])
        listing = client.get("/account/tokens/").content.decode()
        assert f'<form method="get" action="{url}"' in listing, role
        assert f'<form method="post" action="{url}"' not in listing, role
        response = client.get(url)
        assert response.status_code == 200, role
        assert response.templates[0].name == "confirm.html", role
        assert token.prefix in response.context["title"] and response.context["title"].endswith("?"), role
        assert f'<form method="post" action="{url}">' in response.content.decode(), role
        token.refresh_from_db()
        assert token.revoked_at is None, role
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_rotating_a_token_asks_first_without_javascript(authz):  # noqa: F811
    """Rotate stops the old secret at once: its button is a GET to the confirmation page (the owner only;
    the secretariat, who may revoke but not rotate, is refused there as on the POST)."""
    token = authz.records.api_token
    url = f"/account/tokens/{token.pk}/rotate/"
    owner = Client()
    owner.force_login(authz.users["delA"])
    listing = owner.get("/account/tokens/").content.decode()
    assert f'<form method="get" action="{url}"' in listing
    assert f'<form method="post" action="{url}"' not in listing
    digest = token.digest
    response = owner.get(url)
    assert response.status_code == 200 and response.templates[0].name == "confirm.html"
    assert token.prefix in response.context["title"] and response.context["title"].endswith("?")
    assert f'<form method="post" action="{url}">' in response.content.decode()
    token.refresh_from_db()
    assert token.digest == digest  # asking changes nothing
    secretariat = Client()
    secretariat.force_login(authz.users["secX"])
    assert secretariat.get(url).status_code == 403
    assert owner.post(url).status_code == 200
    token.refresh_from_db()
    assert token.digest != digest


def test_stopping_the_calendar_address_asks_first_without_javascript(authz):  # noqa: F811
    from meetings.models import CalendarFeedToken

    client = Client()
    client.force_login(authz.users["secX"])
    url = f"/c/{authz.records.coalition.slug}/meetings/calendar/"
    client.post(url, {"action": "create"})
    live = CalendarFeedToken.objects.live().filter(user=authz.users["secX"])
    assert live.count() == 1
    page = client.get(url).content.decode()
    assert '<form method="get" class="inline" data-confirm=' in page
    response = client.get(url, {"action": "revoke"})
    assert response.templates[0].name == "confirm.html"
    assert response.context["title"].endswith("?")
    assert '<input type="hidden" name="action" value="revoke">' in response.content.decode()
    assert live.count() == 1  # asking changes nothing
    client.post(url, {"action": "revoke"})
    assert live.count() == 0


DESTRUCTIVE = re.compile(
    r"\b(delete|withdraw|remove|revoke|end|cancel|stop|release|discard)\b", re.IGNORECASE
)
CONFIRMATION_PAGES = {"confirm.html", "contributions/confirm_delete.html", "form.html"}


def test_no_template_posts_a_destructive_action_without_asking_first():
    """A form of templates/ that deletes, withdraws, removes, revokes, ends, cancels or stops is a GET (to the
    action's confirmation page) with data-confirm; a POST form is allowed only on a confirmation page."""
    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        name = path.relative_to(root).as_posix()
        text = path.read_text()
        for form in re.finditer(r"<form\b[^>]*>.*?</form>", text, re.DOTALL):
            head = re.match(r"<form\b[^>]*>", form.group(0)).group(0)
            buttons = " ".join(re.findall(r"<button[^>]*>(.*?)</button>", form.group(0), re.DOTALL))
            action = re.search(r'action="([^"]*)"', head)
            target = action.group(1).replace("-", " ") if action else ""
            if not (DESTRUCTIVE.search(buttons) or DESTRUCTIVE.search(target)):
                continue
            line = text[: form.start()].count("\n") + 1
            if 'method="post"' in head.lower() and name not in CONFIRMATION_PAGES:
                offenders.append(f"{name}:{line} posts at once: {head[:100]}")
            elif 'method="get"' in head.lower() and "data-confirm=" not in head:
                offenders.append(f"{name}:{line} has no data-confirm question: {head[:100]}")
    assert not offenders, "\n".join(offenders)
