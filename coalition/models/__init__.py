"""The coalition registry: coalitions, participants, memberships, expert groups, and who may do what.

The models are split by subject into the modules of this package and all importable from `coalition.models`
(Django finds the app's models here).
"""

from coalition.api.models import IdempotencyKey  # the API base's table, in this app
from coalition.models.base import Sourced, Timestamped
from coalition.models.proposals import RegistryProposal, RegistryProposalQuerySet
from coalition.models.registry import Coalition, ExpertGroup, Membership, Participant
from coalition.models.tokens import ApiToken, ApiTokenQuerySet
from coalition.models.users import UserPreference, UserRole

__all__ = [
    "ApiToken",
    "ApiTokenQuerySet",
    "Coalition",
    "ExpertGroup",
    "IdempotencyKey",
    "Membership",
    "Participant",
    "RegistryProposal",
    "RegistryProposalQuerySet",
    "Sourced",
    "Timestamped",
    "UserPreference",
    "UserRole",
]
