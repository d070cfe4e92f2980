"""Reads of written procedures and of the register of decisions."""

from django.db.models import Count, F

from meetings.models import Decision, WrittenProcedure

__all__ = ["decision_register", "markings_for", "procedures_for"]


def procedures_for(user, coalition):
    return (
        WrittenProcedure.objects.visible_to(user)
        .filter(coalition=coalition)
        .select_related("distribution_list")
        .annotate(break_count=Count("silence_breaks"))
        .order_by("-number")
    )


def decision_register(user, coalition):
    """All decisions of the coalition, newest first, with where they were taken."""
    return (
        Decision.objects.visible_to(user)
        .filter(coalition=coalition)
        .select_related("meeting", "written_procedure", "coalition")
        .prefetch_related("related_pledges__donor", "related_roadmap_items")
        .order_by(F("decided_on").desc(), F("meeting__starts_at").desc(nulls_last=True), "-number")
    )


def markings_for(user, coalition):
    from django.db.models import Count

    from meetings.models import ClassificationMarking

    return (
        ClassificationMarking.objects.visible_to(user)
        .filter(coalition=coalition)
        .annotate(document_count=Count("documents"))
        .order_by("position", "label")
    )
