"""Who read the children's personal data: one entry per page view or download."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from readaloud.models.contestants import Contestant
from readaloud.models.editions import Championship, Heat

# Why a page shows children's data: the purpose of each page that is logged.
PURPOSES = {
    "readaloud:contestant_list": _("Reader list"),
    "readaloud:contestant_update": _("Reader's details"),
    "readaloud:contestant_export": _("Export of the reader's data"),
    "readaloud:contestant_access_log": _("Who looked at the reader"),
    "readaloud:consent_overview": _("Missing consents"),
    "readaloud:consent_letters": _("Consent letters"),
    "readaloud:diplomas": _("Diplomas"),
    "readaloud:heat_detail": _("Running the heat"),
    "readaloud:heat_running_order": _("Running order"),
    "readaloud:heat_score_sheets": _("Score sheets"),
    "readaloud:heat_results": _("Heat results"),
    "readaloud:heat_progress": _("Scoring progress"),
    "readaloud:heat_projector": _("Projector at the final"),
    "readaloud:judge_heat": _("Judging"),
    "readaloud:judge_score": _("Judging"),
    "readaloud:organiser_score": _("Scores entered for a judge"),
    "admin:readaloud_contestant_changelist": _("Readers in the admin"),
    "admin:readaloud_contestant_change": _("Reader's details in the admin"),
}


class AccessLogEntryQuerySet(models.QuerySet):
    def erase_for(self, *, contestant_ids) -> None:
        """Forget which entries named these children (the entries themselves stay)."""
        AccessLogEntry.contestants.through.objects.filter(
            contestant_id__in=list(contestant_ids)
        ).delete()

    def older_than(self, moment: datetime.datetime):
        return self.filter(at__lt=moment)


class AccessLogEntry(models.Model):
    """One read of children's personal data: who, when, which children, on which page and why.

    The children are linked, never copied: no name is stored here, and erasing a child
    removes its links.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    view = models.CharField(
        _("page"), max_length=100, help_text=_("The page or download, by its URL name.")
    )
    detail = models.CharField(_("detail"), max_length=100, blank=True)
    championship = models.ForeignKey(
        Championship,
        verbose_name=_("championship"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    heat = models.ForeignKey(
        Heat,
        verbose_name=_("heat"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    reader_count = models.PositiveIntegerField(_("readers shown"), default=0)
    contestants = models.ManyToManyField(
        Contestant, verbose_name=_("readers"), related_name="access_log_entries", blank=True
    )

    objects = AccessLogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to children's data")
        verbose_name_plural = _("access log (children's data)")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user_id} @ {self.at:%Y-%m-%d %H:%M} {self.view}"

    @property
    def purpose(self) -> str:
        return str(PURPOSES.get(self.view, self.view))
