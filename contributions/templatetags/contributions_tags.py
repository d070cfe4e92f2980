from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from coalition.templatetags import figures as figures_tags
from contributions.fx import rate_text
from contributions.models import Pledge

register = template.Library()

_STATUS = dict(Pledge.Status.choices)
_REVIEW = dict(Pledge.Review.choices)


# The one money component (coalition.figures), under the names these templates use.
register.filter("money", figures_tags.money)
register.filter("money_whole", figures_tags.money_whole)
register.filter("eur", figures_tags.eur)
register.filter("eur_whole", figures_tags.eur_whole)
register.simple_tag(figures_tags.total, name="total")
register.tag("illustrative_notice", figures_tags.register.tags["illustrative_notice"])


@register.filter
def status_label(value):
    return _STATUS.get(value, value)


@register.filter
def review_label(value):
    return _REVIEW.get(value, value)


@register.simple_tag
def sort_link(current, field):
    """The `ordering` value a column header links to: ascending first, then descending."""
    return f"-{field}" if current == field else field


@register.filter
def rate(value, places=None):
    """An exchange rate as published: with its `places` when known (0.85440), else without padding zeros
    (1.25000000 → "1.25")."""
    if value is None or value == "":
        return "—"
    return rate_text(value, None if places in (None, "") else int(places))


@register.simple_tag
def conversion(payment, pledge_currency):
    """How a payment in another currency was converted: "at 1.0813 USD per EUR, rate of 2024-03-01", or both
    rates when neither currency is the euro."""
    if payment.fx_rate_date is None:
        return ""
    legs = [
        f"{rate(value)} {code}"
        for value, code in (
            (payment.fx_rate_paid, payment.currency),
            (payment.fx_rate_pledge, pledge_currency),
        )
        if code != "EUR"
    ]
    return _("converted at %(rates)s per EUR, rates of %(day)s") % {
        "rates": _(" and ").join(legs),
        "day": formats.date_format(payment.fx_rate_date, "SHORT_DATE_FORMAT"),
    }
