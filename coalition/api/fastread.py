"""The fast read path: list rows read with `values()` of the view's own queryset, rendered by converters
compiled once per serializer class from its declared fields (issue 12: API lists near raw SQL).

The JSON is the DRF serializer's, byte for byte (coalition/tests/test_api_fastread.py renders every list
both ways). A field the compiler does not understand is rendered by DRF itself from the model instance
(read for the page's ids from the same queryset), so it is never wrong, at worst slow. A serializer whose
fields vary per request, or whose output its own `to_representation` shapes, sets `fast_read = False`
(an overridden `to_representation` is detected and falls back by itself).

A `SerializerMethodField`, or a field showing a model property, takes part when its serializer names what
the method or property reads, `fast_read_attrs = {"allowed_transitions": ["status"]}`: the method (with the
same context) or property is called on a bare instance of the model carrying those attributes only
(dotted paths for related records: "coalition.slug"); the equality test catches a missing one.
"""

import datetime
import decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db.models.base import ModelState
from rest_framework import fields as f
from rest_framework import relations as r
from rest_framework import serializers as s
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

SKIP = object()
ISO = f.ISO_8601
# DRF fields whose to_representation depends on the value alone: their bound method is the converter.
PURE = (
    f.CharField,
    f.IntegerField,
    f.FloatField,
    f.BooleanField,
    f.ChoiceField,
    f.DateField,
    f.TimeField,
    f.UUIDField,
    f.DurationField,
    f.ReadOnlyField,
    *([f.BigIntegerField] if hasattr(f, "BigIntegerField") else []),  # DRF 3.15+ (big ints as text: opt.)
)


class NotCompiled(Exception):
    """The field is left to DRF."""


def _pure_classes():
    from coalition.api.base import BlankAsNullChoiceField  # base imports this module

    return (*PURE, BlankAsNullChoiceField)


def _pure(field, classes) -> bool:
    for base in classes:
        if isinstance(field, base) and type(field).to_representation is base.to_representation:
            return True
    return False


def _decimal(field):
    if type(field).to_representation is not f.DecimalField.to_representation:
        raise NotCompiled
    if type(field).quantize is not f.DecimalField.quantize or field.localize:
        raise NotCompiled
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if field.decimal_places is None:
        return field.to_representation
    exponent = decimal.Decimal(".1") ** field.decimal_places
    rounding = field.rounding
    context = decimal.getcontext().copy()
    if field.max_digits is not None:
        context.prec = field.max_digits
    Decimal = decimal.Decimal

    def convert(value):
        if not isinstance(value, Decimal):
            value = Decimal(str(value).strip())
        quantized = value.quantize(exponent, rounding=rounding, context=context)
        return f"{quantized:f}" if coerce else quantized

    return convert


def _datetime(field):
    """DRF's ISO 8601 rendering of an aware datetime in the field's fixed time zone (`+00:00` as `Z`),
    without its per-value checks; anything else goes through the field itself."""
    output = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = getattr(field, "timezone", None)  # set only by a fixed default_timezone (UTCDateTimeField)
    if (
        zone is None
        or output is None
        or output.lower() != ISO
        or type(field).enforce_timezone is not f.DateTimeField.enforce_timezone
    ):
        return field.to_representation
    slow = field.to_representation

    def convert(value):
        if type(value) is not datetime.datetime or value.tzinfo is None:
            return slow(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _converter(field):
    """value (never None) -> representation; NotCompiled when only DRF knows."""
    if isinstance(field, f.DecimalField):
        return _decimal(field)
    if isinstance(field, f.DateTimeField):
        from coalition.api.base import UTCDateTimeField

        base = UTCDateTimeField if isinstance(field, UTCDateTimeField) else f.DateTimeField
        if type(field).to_representation is not base.to_representation:
            raise NotCompiled
        return _datetime(field)
    if isinstance(field, f.JSONField) and type(field).to_representation is f.JSONField.to_representation:
        if field.binary:
            raise NotCompiled
        return None  # as the database decoded it
    if _pure(field, _pure_classes()):
        if type(field) in (f.CharField, f.ReadOnlyField):
            return str if type(field) is f.CharField else None
        if type(field) is f.IntegerField:
            return int
        return field.to_representation
    raise NotCompiled


def _resolve(model, attrs, annotations, allow_null):
    """(values() lookup, final model field or None for an annotation, whether it is a plain column value)
    for a dotted source, following forward relations only."""
    parts, current, last = [], model, None
    for index, attr in enumerate(attrs):
        final = index == len(attrs) - 1
        try:
            last = current._meta.get_field(attr)
        except FieldDoesNotExist:
            if index == 0 and final and attr in annotations:
                return attr, None, True
            raise NotCompiled from None
        if not last.concrete or (last.is_relation and not (last.many_to_one or last.one_to_one)):
            raise NotCompiled  # reverse or many-to-many: not one value per row
        if not final:
            if not last.is_relation:
                raise NotCompiled
            if last.null and not allow_null:
                raise NotCompiled  # DRF leaves the key out when the related record is missing
            current = last.related_model
        parts.append(last.name)
    column = not last.is_relation or attrs[-1] == last.attname != last.name
    return "__".join(parts), last, column


def _related(field, model, annotations):
    """(lookup, converter) for PrimaryKey/Slug/String related fields ending at a forward relation."""
    attrs = field.source_attrs
    lookup, last, column = _resolve(model, attrs, annotations, allow_null=field.allow_null)
    if column:
        raise NotCompiled
    related = last.related_model
    kind = type(field)
    if kind is r.PrimaryKeyRelatedField and field.pk_field is None:
        if last.target_field != related._meta.pk:
            raise NotCompiled
        # The id by its column name: values("meeting") would make an order_by("meeting") sort by the id
        # instead of by the related model's ordering (Django orders by the selected column).
        return lookup[: -len(last.name)] + last.attname, None
    if kind is r.SlugRelatedField and "__" not in field.slug_field:
        target = related._meta.get_field(field.slug_field)
        if not target.concrete or target.is_relation:
            raise NotCompiled
        return f"{lookup}__{field.slug_field}", None
    if kind is r.StringRelatedField and related.__str__ is AbstractBaseUser.__str__:
        return f"{lookup}__{related.USERNAME_FIELD}", str
    raise NotCompiled


class Plan:
    """The compiled rendering of one serializer class over rows of `values(*lookups)`."""

    def __init__(self, serializer, model, annotations):
        self.lookups = ["pk"]
        self.steps = []  # (field name, kind, payload)
        self.fallback = []  # top-level field names DRF renders from the instance
        self.many = []  # to-many relations DRF renders from bare instances with those relations prefetched
        self.prefetch = []  # their sources
        self.method_attrs = getattr(type(serializer), "fast_read_attrs", {})
        self._compile(serializer, model, annotations, self.steps, top=True)
        self.needs_binding = bool(self.fallback or self.many) or self._has_methods(self.steps)

    def _has_methods(self, steps):
        return any(kind == "method" or (kind == "nested" and self._has_methods(p)) for _n, kind, p in steps)

    def _lookup(self, name):
        if name not in self.lookups:
            self.lookups.append(name)
        return name

    def _compile(self, serializer, model, annotations, steps, top):
        for field in serializer._readable_fields:
            try:
                steps.append((field.field_name, *self._step(field, model, annotations, top)))
            except NotCompiled:
                if not top:
                    raise
                steps.append((field.field_name, "fallback", None))
                self.fallback.append(field.field_name)

    def _paths(self, model, name, annotations):
        """(dotted attribute, values() lookup) for what a method or property reads (`fast_read_attrs`)."""
        attrs = self.method_attrs.get(name)
        if attrs is None:
            raise NotCompiled
        paths = []
        for attr in attrs:
            lookup, _last, column = _resolve(model, attr.split("."), annotations, allow_null=True)
            if not column:
                raise NotCompiled
            paths.append((attr.split("."), self._lookup(lookup)))
        return model, paths

    def _step(self, field, model, annotations, top):
        if isinstance(field, r.ManyRelatedField):
            return self._many(field, model, top)
        if isinstance(field, s.Serializer) and not isinstance(field, s.ListSerializer):
            if field.source != "*" or type(field).to_representation is not s.Serializer.to_representation:
                raise NotCompiled
            nested = []
            self._compile(field, model, annotations, nested, top=False)
            return "nested", nested
        if isinstance(field, f.SerializerMethodField):
            return "method", (field.method_name, self._paths(model, field.field_name, annotations))
        if field.source == "*" or field.default is not f.empty:
            raise NotCompiled
        prop = getattr(model, field.source, None) if len(field.source_attrs) == 1 else None
        if isinstance(prop, property) and field.field_name in self.method_attrs:
            convert = _converter(field)
            return "property", (prop.fget, self._paths(model, field.field_name, annotations), convert)
        if isinstance(field, r.RelatedField):
            lookup, convert = _related(field, model, annotations)
            return "value", (self._lookup(lookup), convert)
        convert = _converter(field)
        lookup, _last, column = _resolve(model, field.source_attrs, annotations, allow_null=field.allow_null)
        if not column:
            raise NotCompiled  # a plain field showing a related record: str() of an instance
        return "value", (self._lookup(lookup), convert)

    def _many(self, field, model, top):
        """A list of related ids or slugs: DRF's own field over `prefetch_related(<source>)`, whose query
        (ordering included) is the one a list with that prefetch runs; no model instance of the rows."""
        child = field.child_relation
        plain = (type(child) is r.PrimaryKeyRelatedField and child.pk_field is None) or (
            type(child) is r.SlugRelatedField and "__" not in child.slug_field
        )
        if (
            not plain
            or len(field.source_attrs) != 1
            or type(field).get_attribute is not r.ManyRelatedField.get_attribute
        ):
            raise NotCompiled
        try:
            relation = model._meta.get_field(field.source)
        except FieldDoesNotExist:
            raise NotCompiled from None
        if not (relation.many_to_many or relation.one_to_many):
            raise NotCompiled
        if not top:
            raise NotCompiled
        self.many.append(field.field_name)
        self.prefetch.append(field.source)
        return "fallback", None

    # -- rendering --------------------------------------------------------------------------------------
    def bind(self, serializer):
        """The per-request callables: DRF's own fields for the fallback, the methods with their context."""
        fields = serializer.fields
        bound = {}
        for name in self.fallback + self.many:
            bound[name] = fields[name]
        self._bind_methods(serializer, self.steps, bound)
        return bound

    def _bind_methods(self, serializer, steps, bound):
        for name, kind, payload in steps:
            if kind == "method":
                bound[name] = getattr(serializer, payload[0])
            elif kind == "nested":
                self._bind_methods(serializer.fields[name], payload, bound)

    def render(self, rows, instances, bound):
        return [self._row(self.steps, row, instances, bound) for row in rows]

    def _row(self, steps, row, instances, bound):
        out = {}
        for name, kind, payload in steps:
            if kind == "value":
                lookup, convert = payload
                value = row[lookup]
                out[name] = value if value is None or convert is None else convert(value)
            elif kind == "nested":
                out[name] = self._row(payload, row, instances, bound)
            elif kind == "method":
                out[name] = bound[name](_light(row, *payload[1]))
            elif kind == "property":
                fget, paths, convert = payload
                value = fget(_light(row, *paths))
                out[name] = value if value is None or convert is None else convert(value)
            else:
                value = _drf(bound[name], instances[row["pk"]])
                if value is not SKIP:
                    out[name] = value
        return out


def _bare(model):
    """A model instance with no field loaded (its attributes come from the row, never from a query)."""
    obj = model.__new__(model)
    obj._state = ModelState()
    obj._state.adding = False
    return obj


def _light(row, model, paths):
    """The record as far as a method or property reads it: a bare instance of the model carrying the
    declared attributes (related records as bare instances of theirs: "coalition.slug")."""
    obj = _bare(model)
    for parts, lookup in paths:
        node = obj
        for hop in parts[:-1]:
            cache = node._state.fields_cache  # a forward relation's cache key is its name
            if hop not in cache:
                cache[hop] = _bare(type(node)._meta.get_field(hop).related_model)
            node = cache[hop]
        try:
            attname = type(node)._meta.get_field(parts[-1]).attname
        except FieldDoesNotExist:  # an annotation
            attname = parts[-1]
        node.__dict__[attname] = row[lookup]
    return obj


def _drf(field, instance):
    """What Serializer.to_representation puts under the field's name (SKIP: nothing)."""
    try:
        attribute = field.get_attribute(instance)
    except SkipField:
        return SKIP
    check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    return None if check is None else field.to_representation(attribute)


_plans: dict = {}


def plan_for(serializer_class, queryset, make_serializer):
    """The class's plan for this queryset's annotations (compiled once), or None: DRF renders all."""
    if not getattr(serializer_class, "fast_read", True):
        return None
    if serializer_class.to_representation is not s.Serializer.to_representation:
        return None
    model = queryset.model
    key = (serializer_class, model, frozenset(queryset.query.annotations))
    plan = _plans.get(key)
    if plan is None:
        meta_model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        plan = Plan(make_serializer(), model, key[2]) if meta_model is model else False
        _plans[key] = plan
    return plan or None
