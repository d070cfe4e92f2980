"""The Python-rendered widgets of the list pages give the same HTML as the templates they replace."""

from types import SimpleNamespace

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from coalition.fastselect import FastSelect, fast_selects

CHOICES = [
    ("", "---------"),
    (1, "Plain"),
    ("a&b", 'Quotes " and <tags> & ampersands'),
    ("Group <1>", [(2, "In a group"), (3, "Also <here>")]),
    (None, "None as a value"),
]


@pytest.mark.parametrize("value", [None, "", 1, "a&b", 3, [1, 3]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_x"}, {"id": "id_x", "required": True, "disabled": False, "data-x": 'q"<'}],
)
def test_fast_select_renders_what_the_select_template_renders(value, attrs):
    expected = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    assert FastSelect(choices=CHOICES).render("x", value, attrs=attrs) == expected


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any"), ("a", "A")], required=False)
    flag = forms.ChoiceField(choices=[("1", "One")], widget=forms.RadioSelect)
    text = forms.CharField(required=False)


def test_fast_selects_swaps_plain_selects_only_and_keeps_the_html():
    expected = str(_Form(data={"kind": "a"}))
    form = _Form(data={"kind": "a"})
    fast_selects(form)
    assert type(form.fields["kind"].widget) is FastSelect
    assert type(form.fields["flag"].widget) is forms.RadioSelect
    assert str(form) == expected


PARTIAL = (  # coalition/_illustrative.html as it was, before it called the tag
    "{% load i18n %}{% if quiet_illustrative %}{% if not record.is_illustrative %}"
    '<span class="badge sourced" title="{% translate \'Stated by a source.\' %}">'
    '{% translate "sourced" %}</span>{% endif %}{% elif record.is_illustrative %}'
    '<span class="badge illustrative" '
    'title="{% translate \'Not stated by any source: an example.\' %}">{% translate "illustrative" %}'
    "</span>{% endif %}\n"
)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("quiet", [False, True])
@pytest.mark.parametrize("record", [SimpleNamespace(is_illustrative=True), SimpleNamespace(), None])
def test_illustrative_badge_renders_what_the_partial_rendered(language, quiet, record):
    context = {"quiet_illustrative": quiet, "record": record}
    with translation.override(language):
        expected = Template(PARTIAL).render(Context(context))
        tag = Template("{% load figures %}{% illustrative_badge record %}").render(Context(context))
        partial = Template('{% include "coalition/_illustrative.html" %}').render(Context(context))
    assert tag == expected
    assert partial == expected


def test_duplicate_values_and_boolean_attributes_render_as_djangos():
    choices = [(None, "Any"), ("1", 'a<b & "c"'), (2, "two"), ("2", "again")]
    for value, attrs in [
        ("2", {"id": "id_x", "required": True, "aria-invalid": "true", "off": False}),
        (None, {}),
    ]:
        assert FastSelect(choices=choices).render("n", value, attrs) == forms.Select(choices=choices).render(
            "n", value, attrs
        )
