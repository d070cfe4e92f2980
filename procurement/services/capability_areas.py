"""Capability areas: a managed list per coalition."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import Coalition
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from procurement.models import (
    CapabilityArea,
)
from procurement.services._common import _delete

# Capability areas ------------------------------------------------------------------------------------------


@transaction.atomic
def capability_area_create(*, actor, coalition: Coalition, name: str, description: str = "", position=0):
    """A managed list per coalition: names are unique within the coalition."""
    require(actor, ADD, CapabilityArea, coalition=coalition)
    area = CapabilityArea(
        coalition=coalition, name=(name or "").strip(), description=description, position=position or 0
    )
    return _save(area, actor=actor)


@transaction.atomic
def capability_area_update(*, actor, capability_area: CapabilityArea, **data) -> CapabilityArea:
    require(actor, CHANGE, capability_area)
    if "coalition" in data and data["coalition"] != capability_area.coalition:
        raise ValidationError({"coalition": _("A capability area cannot move to another coalition.")})
    data.pop("coalition", None)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    _apply(capability_area, data)
    return _save(capability_area, actor=actor)


@transaction.atomic
def capability_area_delete(*, actor, capability_area: CapabilityArea) -> None:
    """An area still used by roadmap items is kept."""
    require(actor, DELETE, capability_area)
    _delete(
        capability_area,
        actor=actor,
        message=_("Roadmap items still use this capability area; move them to another area first."),
    )
