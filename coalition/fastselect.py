"""A <select> rendered in Python: the same HTML as Django's template-rendered Select, without a template
include per option (a filter form of hundreds of meetings spent most of a list page's time there)."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, value))
    return "".join(parts)


class FastSelect(forms.Select):
    """Drop-in for forms.Select (not for widgets with a custom template)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                out.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',  # the option template's own newline
                        str(option["value"]),
                        mark_safe(_attrs(option["attrs"])),  # noqa: S308 - escaped by _attrs
                        option["label"],
                    )
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every part escaped above


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
