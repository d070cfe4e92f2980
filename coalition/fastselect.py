"""A <select> rendered in Python: the same HTML as Django's template-rendered Select, without a template
include per option (a filter form of hundreds of meetings spent most of a list page's time there)."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Constant markup (no value in it).
CLOSE_GROUP = SafeString("\n  </optgroup>")
CLOSE_SELECT = SafeString("\n</select>")


def _join(parts):
    """Safe pieces (each from format_html) joined into one safe string, without mark_safe."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _attrs(attrs):
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return _join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """Drop-in for forms.Select (not for widgets with a custom template)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                out.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',  # the option template's own newline
                        str(option["value"]),
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                out.append(CLOSE_GROUP)
        out.append(CLOSE_SELECT)
        return _join(out)


def fast_selects(form) -> None:
    """Swap every plain Select of `form` for a FastSelect with the same choices and attributes."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs)
            fast.choices = widget.choices
            fast.is_required = widget.is_required
            field.widget = fast


def plain_choices(field, rows, label) -> None:
    """Give a ModelChoiceField's widget its options from `rows` (values_list rows of the field's queryset, in
    its order) labelled by `label(*row)`, instead of a model instance per option; the field still validates
    against its queryset. Set the field's queryset first (that resets the widget's choices)."""
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    if getattr(field, "null_label", None) is not None:  # django-filter's "null" choice, after the empty one
        empty.append((field.null_value, field.null_label))
    field.widget.choices = empty + [(row[0], label(*row)) for row in rows]
