"""Amounts typed as people write them in the active language, echoed back the same way.

English (en-GB): "1,500.50", "1500.5"; Ukrainian: "1 500,50", "1500,5". A separator that could mean either
("1,5" in English) is refused with a clear message instead of being read as 15.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.utils import formats
from django.utils.translation import gettext as _

SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(text: str) -> Decimal:
    """The amount `text` means in the active language; ValidationError when it is ambiguous or not one."""
    decimal_mark = formats.get_format("DECIMAL_SEPARATOR")
    group_mark = formats.get_format("THOUSAND_SEPARATOR")
    raw = SPACES.sub("", str(text).strip())
    if SPACES.match(group_mark or " "):
        group_mark = ""  # spaces already removed
    other = "," if decimal_mark == "." else "."
    if group_mark and group_mark in raw:
        whole, _sep, _fraction = raw.partition(decimal_mark)
        groups = whole.lstrip("-").split(group_mark)
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise ValidationError(
                _("“%(text)s” is not an amount: write it as %(example)s (%(mark)s marks the decimals).")
                % {"text": text, "example": example(), "mark": decimal_mark}
            )
        raw = raw.replace(group_mark, "")
    elif other in raw and not group_mark:
        raise ValidationError(
            _("“%(text)s” is not an amount: write it as %(example)s (%(mark)s marks the decimals).")
            % {"text": text, "example": example(), "mark": decimal_mark}
        )
    raw = raw.replace(decimal_mark, ".")
    not_a_number = _("Enter a number, for example %(example)s.")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(not_a_number % {"example": example()}) from None
    if not value.is_finite():
        raise ValidationError(not_a_number % {"example": example()})
    return value


def example() -> str:
    return formats.number_format(Decimal("1500.50"), decimal_pos=2, use_l10n=True, force_grouping=True)


class AmountInput(forms.TextInput):
    """A text box (a number box would refuse the language's own decimal mark) showing the amount grouped."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return formats.number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    widget = AmountInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        value = parse_amount(value)
        self.validate_decimal(value)
        return value

    def validate_decimal(self, value):
        places = -value.as_tuple().exponent
        if self.decimal_places is not None and places > self.decimal_places:
            raise ValidationError(
                _("Use at most %(n)s decimal places.") % {"n": self.decimal_places}, code="max_decimal_places"
            )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("step", "min", "max"):
            attrs.pop(name, None)
        return attrs


def localise_amounts(form) -> None:
    """Every money field of `form` (a decimal with 2 places) parsed and shown per the active language."""
    for name, field in list(form.fields.items()):
        if type(field) is forms.DecimalField and field.decimal_places == 2:
            replacement = AmountField(
                required=field.required,
                label=field.label,
                help_text=field.help_text,
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                validators=[v for v in field.validators if not isinstance(v, DecimalValidator)],
                initial=field.initial,
            )
            replacement.widget.attrs.update(
                {k: v for k, v in field.widget.attrs.items() if k not in ("step", "min", "max")}
            )
            replacement.widget.attrs["inputmode"] = "decimal"
            form.fields[name] = replacement
