"""The partnerships models, one module per area; import them from here."""

from partnerships.models.attachments import Attachment, private_storage
from partnerships.models.backing import BackingDecision, BackingRequest
from partnerships.models.journal import JournalEntry, JournalEntryRevision
from partnerships.models.partners import (
    Branch,
    ContactPerson,
    Partner,
    PartnerQuerySet,
)
from partnerships.models.partnerships import (
    Partnership,
    PartnershipMember,
    PartnershipPartner,
    PartnershipQuerySet,
    StatusChange,
)
from partnerships.models.reminders import SentReminder
from partnerships.models.work import Evaluation, Task, TaskQuerySet, TimeEntry

__all__ = [
    "Attachment",
    "BackingDecision",
    "BackingRequest",
    "Branch",
    "ContactPerson",
    "Evaluation",
    "JournalEntry",
    "JournalEntryRevision",
    "Partner",
    "PartnerQuerySet",
    "Partnership",
    "PartnershipMember",
    "PartnershipPartner",
    "PartnershipQuerySet",
    "SentReminder",
    "StatusChange",
    "Task",
    "TaskQuerySet",
    "TimeEntry",
    "private_storage",
]
