"""Every write to meetings, with its rules. Pages and the API both call these functions.

Notifications are enqueued with `transaction.on_commit`, so nothing is sent for a write that rolls back.
The services are split by subject into the modules of this package and all importable from here.
"""

from meetings.services.action_items import (
    action_item_complete,
    action_item_create,
    action_item_delete,
    action_item_drop,
    action_item_reopen,
    action_item_update,
)
from meetings.services.agenda import (
    agenda_document_add,
    agenda_document_delete,
    agenda_item_create,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
)
from meetings.services.attendance import (
    attendance_delete,
    attendance_record,
    attendance_set,
    attendance_update,
    role_on,
    roles_on,
)
from meetings.services.decisions import (
    decision_create,
    decision_delete,
    decision_update,
)
from meetings.services.delegations import (
    contact_create,
    contact_delete,
    contact_update,
    distribution_list_create,
    distribution_list_delete,
    distribution_list_update,
)
from meetings.services.invitations import (
    MAX_PERSONS_PER_INVITATION,
    InviteResult,
    can_respond,
    invitation_create,
    invitation_delete,
    invitation_respond,
    invitation_update,
    invitations_create,
    invitations_create_for_members,
)
from meetings.services.meeting import (
    CALENDAR_FIELDS,
    meeting_cancel,
    meeting_create,
    meeting_delete,
    meeting_mark_held,
    meeting_update,
)
from meetings.services.minutes import (
    minutes_approve,
    minutes_circulate,
    minutes_save,
)
from meetings.services.minutes_comments import (
    comments_open,
    minutes_agree,
    minutes_comment_answer,
    minutes_comment_create,
    minutes_comment_delete,
    minutes_comment_update,
)
from meetings.services.procedures import (
    conclude_due,
    procedure_break_silence,
    procedure_circulate,
    procedure_conclude,
    procedure_create,
    procedure_delete,
    procedure_update,
    procedure_withdraw,
    silence_keepers,
)
from meetings.services.registrations import (
    registration_create,
    registration_delete,
    registration_update,
)
from meetings.services.subscriptions import (
    feed_token_authenticate,
    feed_token_create,
    feed_token_revoke,
    notification_preferences_of,
    notification_preferences_set,
)

__all__ = [
    "CALENDAR_FIELDS",
    "MAX_PERSONS_PER_INVITATION",
    "InviteResult",
    "action_item_complete",
    "action_item_create",
    "action_item_delete",
    "action_item_drop",
    "action_item_reopen",
    "action_item_update",
    "agenda_document_add",
    "agenda_document_delete",
    "agenda_item_create",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_delete",
    "attendance_record",
    "attendance_set",
    "attendance_update",
    "can_respond",
    "comments_open",
    "conclude_due",
    "contact_create",
    "contact_delete",
    "contact_update",
    "decision_create",
    "decision_delete",
    "decision_update",
    "distribution_list_create",
    "distribution_list_delete",
    "distribution_list_update",
    "feed_token_authenticate",
    "feed_token_create",
    "feed_token_revoke",
    "invitation_create",
    "invitation_delete",
    "invitation_respond",
    "invitation_update",
    "invitations_create",
    "invitations_create_for_members",
    "meeting_cancel",
    "meeting_create",
    "meeting_delete",
    "meeting_mark_held",
    "meeting_update",
    "minutes_agree",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment_answer",
    "minutes_comment_create",
    "minutes_comment_delete",
    "minutes_comment_update",
    "minutes_save",
    "notification_preferences_of",
    "notification_preferences_set",
    "procedure_break_silence",
    "procedure_circulate",
    "procedure_conclude",
    "procedure_create",
    "procedure_delete",
    "procedure_update",
    "procedure_withdraw",
    "registration_create",
    "registration_delete",
    "registration_update",
    "role_on",
    "roles_on",
    "silence_keepers",
]
