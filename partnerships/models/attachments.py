"""Files on a partnership, stored privately."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerships.models.partnerships import Partnership


def private_storage():
    """Return the storage for uploaded files: MEDIA_ROOT/private, with no public URL.

    Views serve these files only after checking who is asking. A callable keeps
    the machine's path out of the migrations.
    """
    return FileSystemStorage(location=settings.MEDIA_ROOT / "private", base_url=None)


class Attachment(models.Model):
    """A file on a partnership (signed agreement, minutes); served only to those who may see it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="partnerships/%Y/%m/", storage=private_storage)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:attachment_download", args=[self.partnership_id, self.pk])
