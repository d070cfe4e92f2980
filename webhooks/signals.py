"""Where events come from: one hook for every model with a change history (the portal's after-change
mechanism, as summaries.signals uses it) and one for summaries written. Each event is emitted after the
commit, robustly: whatever goes wrong is logged and never fails the committed write."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from simple_history.signals import post_create_historical_record

from coalition.permissions import coalition_id_of
from webhooks.events import ACTIONS, HISTORY_EVENTS, subject

log = logging.getLogger(__name__)


def _emit_after_commit(coalition_id, event, label, pk, action, extra):
    from webhooks import services

    def send():
        try:
            services.emit(coalition_id, event, label, pk, action=action, extra=extra)
        except Exception:
            log.exception("webhook %s of %s %s not emitted", event, label, pk)

    transaction.on_commit(send, robust=True)


def _after_history(sender, instance, history_instance, **kwargs):
    label = instance._meta.label_lower
    event = HISTORY_EVENTS.get((label, history_instance.history_type))
    if event is None:
        return
    try:
        coalition_id = coalition_id_of(instance)
        label, pk, extra = subject(label, instance)
    except Exception:  # a record not attached to a coalition, or one half-deleted
        log.exception("webhook %s: no coalition for %s %s", event, label, instance.pk)
        return
    if coalition_id is None:
        return
    _emit_after_commit(coalition_id, event, label, pk, ACTIONS[history_instance.history_type], extra)


def _after_snapshot(sender, instance, created, **kwargs):
    if created:
        _emit_after_commit(
            instance.coalition_id,
            "summary.generated",
            "summaries.statussnapshot",
            instance.pk,
            "created",
            None,
        )


post_create_historical_record.connect(_after_history, dispatch_uid="webhooks-after-history")
post_save.connect(_after_snapshot, sender="summaries.StatusSnapshot", dispatch_uid="webhooks-after-snapshot")
