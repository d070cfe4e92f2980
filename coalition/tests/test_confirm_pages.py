"""Issue 13 item 5: every delete, withdraw and remove asks first, with or without JavaScript. A GET of the
action's URL (what its button does without JavaScript) shows "… ?" with the consequences and a button that
POSTs the action; it changes nothing. Records and URLs come from the authorisation matrix's world."""

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
