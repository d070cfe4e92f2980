"""The API's JSON parser: DRF's, refusing input nested deeper than API_JSON_MAX_DEPTH with a 400."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def json_depth(value) -> int:
    """The nesting depth of parsed JSON (a scalar is 0), computed without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth + 1)
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def too_deep() -> ParseError:
    return ParseError(
        _("JSON nested deeper than %(depth)s levels is not accepted.")
        % {"depth": settings.API_JSON_MAX_DEPTH}
    )


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if json_depth(data) > settings.API_JSON_MAX_DEPTH:
            raise too_deep()
        return data
