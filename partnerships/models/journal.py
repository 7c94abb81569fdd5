"""The partnership journal: notes, minutes and decisions, with their earlier versions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.partnerships import Partnership


class JournalEntry(models.Model):
    """Knowledge sharing: a note, meeting minutes or a decision in a partnership's journal."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        MINUTES = "minutes", _("Meeting minutes")
        DECISION = "decision", _("Decision")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="journal_entries",
    )
    entry_date = models.DateField(_("date"), default=timezone.localdate)
    attachment = models.ForeignKey(
        "Attachment",
        verbose_name=_("attachment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-entry_date", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "kind", "-entry_date"]),
            # The admin's list: newest first over every partnership.
            models.Index(fields=["-entry_date", "-created_at", "-id"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.entry_date:%d.%m.%Y}: {self.text[:50]}"


class JournalEntryRevision(models.Model):
    """The earlier text of an edited journal entry, so that no edit is silent."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(_("kind"), max_length=20, choices=JournalEntry.Kind.choices)
    text = models.TextField(_("earlier text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version of a journal entry")
        verbose_name_plural = _("earlier versions of journal entries")
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"{self.entry_id} @ {self.edited_at:%Y-%m-%d %H:%M}"
