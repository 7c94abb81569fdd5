"""Work on partners and partnerships that spans several models or sends e-mail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


@transaction.atomic
def partner_save(*, form, contact_formset) -> Partner:
    """Save a partner and its contact persons from a valid form and formset.

    The primary flag is set last, so moving it from one contact to another in a
    single save never trips the one-primary-per-partner constraint.
    """
    partner = form.save()
    contact_formset.instance = partner
    contacts = contact_formset.save(commit=False)
    for contact in contact_formset.deleted_objects:
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


@transaction.atomic
def partnership_create(*, form, by) -> Partnership:
    """Create a partnership from a valid form; it starts as an idea, recorded as such."""
    partnership = form.save(commit=False)
    partnership.created_by = by
    partnership.status = Partnership.Status.IDEA
    partnership.save()
    form.save_m2m()
    StatusChange.objects.create(
        partnership=partnership, from_status="", to_status=partnership.status, changed_by=by
    )
    return partnership


def partnership_change_status(
    *, partnership: Partnership, to_status: str, by, note: str = "", on=None
) -> Partnership:
    """Move a partnership to ``to_status``, enforcing the workflow and the win-win gate.

    Raises ValidationError (in Danish, for the form) when the move is not allowed.
    """
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        to_status = Partnership.Status(to_status)
        if to_status not in partnership.allowed_transitions():
            raise ValidationError(
                _("A partnership cannot go from “%(from)s” to “%(to)s”.")
                % {"from": partnership.get_status_display(), "to": to_status.label}
            )
        if to_status == Partnership.Status.ACTIVE and not partnership.can_be_activated():
            missing = [str(rule) for rule, done in partnership.activation_checklist() if not done]
            raise ValidationError(
                _(
                    "The partnership cannot become active until it is a win-win with "
                    "management backing. Missing: %(missing)s."
                )
                % {"missing": "; ".join(missing)}
            )
        StatusChange.objects.create(
            partnership=partnership,
            from_status=partnership.status,
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
    return partnership


@transaction.atomic
def partnership_end(
    *, partnership: Partnership, by, end_date, evaluation_form=None, skip_reason: str = ""
) -> Partnership:
    """End a partnership with an evaluation, or without one and a reason."""
    if evaluation_form is None and not skip_reason.strip():
        raise ValidationError(_("Write why the partnership ends without an evaluation."))
    if evaluation_form is not None:
        evaluation_create(partnership=partnership, form=evaluation_form, by=by)
    partnership = partnership_change_status(
        partnership=partnership,
        to_status=Partnership.Status.ENDED,
        by=by,
        note=skip_reason,
    )
    partnership.end_date = end_date
    partnership.evaluation_skipped_reason = skip_reason if evaluation_form is None else ""
    partnership.full_clean(validate_unique=False, validate_constraints=True)
    partnership.save(update_fields=["end_date", "evaluation_skipped_reason", "updated_at"])
    return partnership


def member_add(*, partnership: Partnership, user, role: str = "") -> PartnershipMember:
    """Add ``user`` to the partnership's members."""
    return PartnershipMember.objects.create(partnership=partnership, user=user, role=role)


def member_remove(*, membership: PartnershipMember) -> None:
    """Remove a member; their journal entries, tasks and hours stay in the history."""
    membership.delete()


# --- Knowledge sharing -------------------------------------------------------


def _member_addresses(partnership: Partnership, *, exclude=None) -> list[str]:
    people = partnership.people()
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return list(people.values_list("email", flat=True))


@transaction.atomic
def attachment_add(*, partnership: Partnership, title: str, upload, by) -> Attachment:
    """Store an uploaded file privately on the partnership."""
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
    author,
    kind: str,
    text: str,
    entry_date=None,
    upload=None,
) -> JournalEntry:
    """Write a journal entry; a decision is e-mailed to every member but the author."""
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
def journal_entry_edit(*, entry: JournalEntry, by, kind: str, text: str) -> JournalEntry:
    """Change an entry and keep the earlier text as a revision, so no edit is silent."""
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == kind and entry.text == text:
        return entry
    JournalEntryRevision.objects.create(entry=entry, kind=entry.kind, text=entry.text, edited_by=by)
    became_decision = kind == JournalEntry.Kind.DECISION and entry.kind != kind
    entry.kind, entry.text, entry.edited_at = kind, text, timezone.now()
    entry.save(update_fields=["kind", "text", "edited_at"])
    if became_decision:
        transaction.on_commit(
            lambda: mail_send(
                to=_member_addresses(entry.partnership, exclude=by),
                subject=gettext_lazy("Decision in %(title)s"),
                subject_params={"title": entry.partnership.title},
                template="partnerships/email/decision.txt",
                context={"entry": entry, "partnership": entry.partnership},
            )
        )
    return entry


# --- Tasks, time and evaluation ---------------------------------------------


def _notify_assignee(task: Task, by) -> None:
    if task.assignee_id and task.assignee_id != by.pk:
        mail_send(
            to=[task.assignee.email],
            subject=gettext_lazy("New task: %(title)s"),
            subject_params={"title": task.title},
            template="partnerships/email/task_assigned.txt",
            context={"task": task, "partnership": task.partnership, "assigned_by": by},
        )


def task_create(*, partnership: Partnership, form, by) -> Task:
    """Create a task; the assignee is told by e-mail."""
    task = form.save(commit=False)
    task.partnership = partnership
    task.created_by = by
    task.save()
    _notify_assignee(task, by)
    return task


def task_update(*, form, by) -> Task:
    """Save changes to a task; a new assignee is told by e-mail."""
    previous_assignee = Task.objects.values_list("assignee_id", flat=True).get(pk=form.instance.pk)
    task = form.save()
    if task.assignee_id != previous_assignee:
        _notify_assignee(task, by)
    return task


def task_set_done(*, task: Task, done: bool) -> Task:
    """Mark a task done or open again."""
    task.status = Task.Status.DONE if done else Task.Status.OPEN
    task.completed_at = timezone.now() if done else None
    task.save(update_fields=["status", "completed_at"])
    return task


def time_entry_create(*, partnership: Partnership, form, by) -> TimeEntry:
    """Log hours on a partnership for ``by``."""
    entry = form.save(commit=False)
    entry.partnership = partnership
    entry.user = by
    entry.save()
    return entry


def evaluation_create(*, partnership: Partnership, form, by) -> Evaluation:
    """Record an evaluation of the partnership."""
    evaluation = form.save(commit=False)
    evaluation.partnership = partnership
    evaluation.evaluated_by = by
    evaluation.save()
    return evaluation
