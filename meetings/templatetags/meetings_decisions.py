"""`{% load meetings_decisions %}{% decisions_concerning record %}`: the decisions (taken at meetings or
adopted by written procedure) that name a pledge or a roadmap item, for those records' own pages."""

from django import template

from meetings.models import Decision

register = template.Library()


@register.inclusion_tag("meetings/_decisions_concerning.html", takes_context=True)
def decisions_concerning(context, record):
    """One query; empty (the section is not shown) when no decision names the record."""
    request = context.get("request")
    field = {"pledge": "related_pledges", "roadmapitem": "related_roadmap_items"}[record._meta.model_name]
    decisions = (
        Decision.objects.visible_to(getattr(request, "user", None))
        .filter(**{field: record})
        .select_related("meeting__coalition", "written_procedure__coalition")
        .order_by("-decided_on", "-pk")
    )
    return {"decisions": list(decisions), "record": record}
