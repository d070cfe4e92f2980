"""After-change trigger: every change recorded in a model's history asks for a (debounced) summary of its
coalition. One hook for all models, because every model keeps its history with django-simple-history."""

import contextlib
import contextvars

from django.conf import settings
from django.db import transaction
from simple_history.signals import post_create_historical_record

from coalition.permissions import coalition_id_of

WATCHED_APPS = {"coalition", "contributions", "meetings", "procurement"}
# Inside `held_after_change()` (a bulk write: an import) each history row asks for nothing; the caller asks
# once, with `after_change`, when it is done.
_held = contextvars.ContextVar("summaries_after_change_held", default=False)


@contextlib.contextmanager
def held_after_change():
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def after_change(coalition_id: int) -> None:
    """Ask for the coalition's (debounced) summary once the current transaction commits."""
    if not settings.SUMMARY_ON_CHANGE or coalition_id is None:
        return
    from summaries.services import summary_after_change

    # robust: whatever goes wrong asking for a summary is logged and never fails the committed write.
    transaction.on_commit(lambda: summary_after_change(coalition_id), robust=True)


def _after_change(sender, instance, **kwargs):
    if _held.get() or not settings.SUMMARY_ON_CHANGE or instance._meta.app_label not in WATCHED_APPS:
        return
    try:
        coalition_id = coalition_id_of(instance)
    except AttributeError:  # a record not (yet) attached to a coalition
        return
    after_change(coalition_id)


post_create_historical_record.connect(_after_change, dispatch_uid="summaries-after-change")
