"""Work on partners and partnerships that spans several models or sends e-mail.

Services take plain values (model instances, strings, dates), never bound forms:
views validate their forms and pass the cleaned values. Every ValidationError
raised here carries a ``code``.
"""

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from partnerships.models import (
    Attachment,
    ContactPerson,
    Evaluation,
    JournalEntry,
    JournalEntryRevision,
    Partner,
    Partnership,
    PartnershipMember,
    StatusChange,
    Task,
    TimeEntry,
)
from partnerships.notifications import mail_send
from partnerships.signals import status_changed


@transaction.atomic
def partner_save(
    *,
    partner: Partner,
    contacts: Iterable[ContactPerson],
    removed_contacts: Iterable[ContactPerson] = (),
) -> Partner:
    """Save a partner and its new or changed contact persons; delete the removed ones.

    The primary flag is set last, so moving it from one contact to another in a
    single save never trips the one-primary-per-partner constraint.
    """
    partner.save()
    contacts = list(contacts)
    for contact in removed_contacts:
        contact.delete()
    primary = next((c for c in contacts if c.is_primary), None)
    if primary is not None:
        ContactPerson.objects.filter(partner=partner, is_primary=True).update(is_primary=False)
    for contact in contacts:
        contact.partner = partner
        contact.is_primary = False
        contact.save()
    if primary is not None:
        ContactPerson.objects.filter(pk=primary.pk).update(is_primary=True)
    return partner


def partner_set_active(*, partner: Partner, active: bool) -> Partner:
    """Activate or deactivate a partner (deactivating keeps all its history)."""
    partner.active = active
    partner.save(update_fields=["active", "updated_at"])
    return partner


# --- Partnerships -----------------------------------------------------------


def _ensure_running(partnership: Partnership) -> None:
    """Refuse to add to or change an ended partnership: it is kept as it was."""
    if partnership.is_ended():
        raise ValidationError(
            _("The partnership has ended; nothing can be added to it or changed in it."),
            code="partnership_ended",
        )


@transaction.atomic
def partnership_create(
    *, partnership: Partnership, partners: Iterable[Partner], by: User
) -> Partnership:
    """Save a new (unsaved) partnership with its partners; it starts as an idea, recorded as such."""
    partnership.created_by = by
    partnership.status = Partnership.Status.IDEA
    partnership.save()
    partnership.partners.set(partners)
    StatusChange.objects.create(
        partnership=partnership, from_status="", to_status=partnership.status, changed_by=by
    )
    return partnership


def partnership_change_status(
    *,
    partnership: Partnership,
    to_status: str,
    by: User,
    note: str = "",
    on: datetime.date | None = None,
) -> Partnership:
    """Move a partnership to ``to_status``, enforcing the workflow and the win-win gate.

    Raises ValidationError with code ``transition_not_allowed`` or
    ``activation_blocked`` when the move is not allowed.
    """
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        to_status = Partnership.Status(to_status)
        if to_status not in partnership.allowed_transitions():
            raise ValidationError(
                _("A partnership cannot go from “%(from)s” to “%(to)s”.")
                % {"from": partnership.get_status_display(), "to": to_status.label},
                code="transition_not_allowed",
            )
        if to_status == Partnership.Status.ACTIVE and not partnership.can_be_activated():
            missing = [str(rule) for rule, done in partnership.activation_checklist() if not done]
            raise ValidationError(
                _(
                    "The partnership cannot become active until it is a win-win with "
                    "management backing. Missing: %(missing)s."
                )
                % {"missing": "; ".join(missing)},
                code="activation_blocked",
            )
        from_status = partnership.status
        StatusChange.objects.create(
            partnership=partnership,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            note=note,
        )
        partnership.status = to_status
        fields = ["status", "updated_at"]
        if to_status == Partnership.Status.ACTIVE and partnership.start_date is None:
            partnership.start_date = on or timezone.localdate()
            fields.append("start_date")
        partnership.save(update_fields=fields)
        status_changed.send(
            sender=Partnership,
            partnership=partnership,
            from_status=from_status,
            to_status=to_status,
            by=by,
            note=note,
            on=on or timezone.localdate(),
        )
    return partnership


@transaction.atomic
def partnership_end(
    *,
    partnership: Partnership,
    by: User,
    end_date: datetime.date,
    evaluation: dict[str, Any] | None = None,
    skip_reason: str = "",
) -> Partnership:
    """End a partnership with an evaluation (its answers), or without one and a reason."""
    if evaluation is None and not skip_reason.strip():
        raise ValidationError(
            _("Write why the partnership ends without an evaluation."),
            code="skip_reason_missing",
        )
    if evaluation is not None:
        evaluation_create(partnership=partnership, by=by, schedule_next_review=False, **evaluation)
    partnership = partnership_change_status(
        partnership=partnership,
        to_status=Partnership.Status.ENDED,
        by=by,
        note=skip_reason,
        on=end_date,
    )
    partnership.end_date = end_date
    partnership.evaluation_skipped_reason = skip_reason if evaluation is None else ""
    partnership.full_clean(validate_unique=False, validate_constraints=True)
    partnership.save(update_fields=["end_date", "evaluation_skipped_reason", "updated_at"])
    return partnership


def member_add(*, partnership: Partnership, user: User, role: str = "") -> PartnershipMember:
    """Add ``user`` to the partnership's members."""
    _ensure_running(partnership)
    return PartnershipMember.objects.create(partnership=partnership, user=user, role=role)


def member_remove(*, membership: PartnershipMember) -> None:
    """Remove a member; their journal entries, tasks and hours stay in the history."""
    _ensure_running(membership.partnership)
    membership.delete()


# --- Knowledge sharing -------------------------------------------------------


def _member_addresses(partnership: Partnership, *, exclude: User | None = None) -> list[str]:
    people = partnership.people()
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return list(people.values_list("email", flat=True))


@transaction.atomic
def attachment_add(
    *, partnership: Partnership, title: str, upload: UploadedFile, by: User
) -> Attachment:
    """Store an uploaded file privately on the partnership.

    A title longer than the column (a file name of 255 characters, say) is shortened.
    """
    _ensure_running(partnership)
    limit = Attachment._meta.get_field("title").max_length
    if len(title) > limit:
        title = f"{title[: limit - 1]}…"
    return Attachment.objects.create(
        partnership=partnership,
        title=title,
        file=upload,
        content_type=getattr(upload, "content_type", "") or "",
        size=upload.size,
        uploaded_by=by,
    )


def journal_entry_create(
    *,
    partnership: Partnership,
    author: User,
    kind: str,
    text: str,
    entry_date: datetime.date | None = None,
    upload: UploadedFile | None = None,
) -> JournalEntry:
    """Write a journal entry; a decision is e-mailed to every member but the author."""
    _ensure_running(partnership)
    with transaction.atomic():
        attachment = None
        if upload is not None:
            attachment = attachment_add(
                partnership=partnership, title=upload.name, upload=upload, by=author
            )
        entry = JournalEntry.objects.create(
            partnership=partnership,
            author=author,
            kind=kind,
            text=text,
            entry_date=entry_date or timezone.localdate(),
            attachment=attachment,
        )
    if entry.kind == JournalEntry.Kind.DECISION:
        mail_send(
            to=_member_addresses(partnership, exclude=author),
            subject=gettext_lazy("Decision in %(title)s"),
            subject_params={"title": partnership.title},
            template="partnerships/email/decision.txt",
            context={"entry": entry, "partnership": partnership},
        )
    return entry


@transaction.atomic
def journal_entry_edit(*, entry: JournalEntry, by: User, kind: str, text: str) -> JournalEntry:
    """Change an entry and keep the earlier text as a revision, so no edit is silent."""
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    _ensure_running(entry.partnership)
    if entry.kind == kind and entry.text == text:
        return entry
    JournalEntryRevision.objects.create(entry=entry, kind=entry.kind, text=entry.text, edited_by=by)
    became_decision = kind == JournalEntry.Kind.DECISION and entry.kind != kind
    entry.kind, entry.text, entry.edited_at = kind, text, timezone.now()
    entry.save(update_fields=["kind", "text", "edited_at"])
    if became_decision:
        mail_send(
            to=_member_addresses(entry.partnership, exclude=by),
            subject=gettext_lazy("Decision in %(title)s"),
            subject_params={"title": entry.partnership.title},
            template="partnerships/email/decision.txt",
            context={"entry": entry, "partnership": entry.partnership},
        )
    return entry


# --- Tasks, time and evaluation ---------------------------------------------


def _notify_assignee(task: Task, by: User) -> None:
    if task.assignee_id and task.assignee_id != by.pk:
        mail_send(
            to=[task.assignee.email],
            subject=gettext_lazy("New task: %(title)s"),
            subject_params={"title": task.title},
            template="partnerships/email/task_assigned.txt",
            context={"task": task, "partnership": task.partnership, "assigned_by": by},
        )


def task_create(
    *,
    partnership: Partnership,
    title: str,
    description: str = "",
    assignee: User | None = None,
    due_date: datetime.date | None = None,
    by: User,
) -> Task:
    """Create a task; the assignee (unless it is ``by``) is told by e-mail."""
    _ensure_running(partnership)
    task = Task.objects.create(
        partnership=partnership,
        title=title,
        description=description,
        assignee=assignee,
        due_date=due_date,
        created_by=by,
    )
    _notify_assignee(task, by)
    return task


def task_update(
    *,
    task: Task,
    title: str,
    description: str = "",
    assignee: User | None = None,
    due_date: datetime.date | None = None,
    by: User,
) -> Task:
    """Save changes to a task; a new assignee (unless it is ``by``) is told by e-mail."""
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("partnership").get(pk=task.pk)
        _ensure_running(task.partnership)
        previous_assignee = task.assignee_id
        task.title, task.description = title, description
        task.assignee, task.due_date = assignee, due_date
        task.save(update_fields=["title", "description", "assignee", "due_date"])
    if task.assignee_id != previous_assignee:
        _notify_assignee(task, by)
    return task


def task_set_done(*, task: Task, done: bool) -> Task:
    """Mark a task done or open again."""
    _ensure_running(task.partnership)
    task.status = Task.Status.DONE if done else Task.Status.OPEN
    task.completed_at = timezone.now() if done else None
    task.save(update_fields=["status", "completed_at"])
    return task


def time_entry_create(
    *,
    partnership: Partnership,
    by: User,
    date: datetime.date,
    hours: Decimal,
    note: str = "",
) -> TimeEntry:
    """Log hours that ``by`` spent on a partnership."""
    _ensure_running(partnership)
    return TimeEntry.objects.create(
        partnership=partnership, user=by, date=date, hours=hours, note=note
    )


def review_date_after(day: datetime.date) -> datetime.date:
    """Return the review date ``PARTNERSHIP_REVIEW_INTERVAL_MONTHS`` after ``day``
    (the last day of the month when that month is shorter, e.g. 29 Feb → 28 Feb)."""
    months = day.month - 1 + settings.PARTNERSHIP_REVIEW_INTERVAL_MONTHS
    year, month = day.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def evaluation_create(
    *,
    partnership: Partnership,
    by: User,
    goals_met: str,
    recommendation: str,
    evaluated_on: datetime.date | None = None,
    goals_comment: str = "",
    library_gained: bool = False,
    partner_gained: bool = False,
    win_win_comment: str = "",
    people_reached: int = 0,
    lessons_learned: str = "",
    schedule_next_review: bool = True,
) -> Evaluation:
    """Record an evaluation of the partnership made by ``by``.

    The evaluation is the review: the partnership's next review date is set
    ``PARTNERSHIP_REVIEW_INTERVAL_MONTHS`` after it (``review_date_after``), so the
    weekly reminders of an overdue review stop. Ending a partnership passes
    ``schedule_next_review=False``: an ended partnership has no next review.
    """
    evaluation = Evaluation.objects.create(
        partnership=partnership,
        evaluated_by=by,
        evaluated_on=evaluated_on or timezone.localdate(),
        goals_met=goals_met,
        goals_comment=goals_comment,
        library_gained=library_gained,
        partner_gained=partner_gained,
        win_win_comment=win_win_comment,
        people_reached=people_reached,
        lessons_learned=lessons_learned,
        recommendation=recommendation,
    )
    if schedule_next_review:
        partnership.review_date = review_date_after(evaluation.evaluated_on)
        partnership.save(update_fields=["review_date", "updated_at"])
    return evaluation
