"""Validators every app shares."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 1900, 2200


@deconstructible
class SaneDateValidator:
    """A date or datetime between 1900 and 2200: anything else is a typo (and year 9999 overflows time
    zone arithmetic). Attached to every model date field by `attach_sane_date_validators()`."""

    message = _("Enter a date between %(min)s and %(max)s.")
    code = "date_out_of_range"

    def __call__(self, value):
        if isinstance(value, datetime.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValidationError(self.message, code=self.code, params={"min": MIN_YEAR, "max": MAX_YEAR})

    def __eq__(self, other):
        return isinstance(other, SaneDateValidator)


def attach_sane_date_validators(app_labels) -> None:
    """Every DateField/DateTimeField of these apps' models validates its range, so each service's
    full_clean() (pages and API alike) and each ModelSerializer field refuse it naming the field.

    The validator is added to the field's `validators` (not its migration-visible `_validators`)."""
    from django.apps import apps
    from django.db import models

    validator = SaneDateValidator()
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.DateField):
                    continue
                # A field may carry its own range check (meetings' validators say "Choose a date…"): one
                # range error per field, not two.
                if any(v == validator or getattr(v, "checks_date_range", False) for v in field.validators):
                    continue
                field.__dict__["validators"] = [*field.validators, validator]
