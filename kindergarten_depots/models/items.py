"""The depot collection: one row per physical book."""

from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kindergarten_depots.models.agreements import AgeGroup, Theme
from partnerships.models import Branch


class ItemQuerySet(models.QuerySet):
    def available(self):
        return self.filter(status=Item.Status.AVAILABLE)


class Item(models.Model):
    """One physical book in the depot collection."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        IN_DEPOT = "in_depot", _("In a depot")
        LOST = "lost", _("Lost")
        DAMAGED = "damaged", _("Damaged")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    barcode = models.CharField(_("barcode"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author"), max_length=200, blank=True)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    age_group = models.CharField(_("age group"), max_length=3, choices=AgeGroup.choices, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("subjects/themes"), blank=True, related_name="items"
    )
    shelf = models.CharField(_("shelf location"), max_length=100, blank=True)
    home_branch = models.ForeignKey(
        Branch,
        verbose_name=_("home branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="depot_items",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")
        ordering = [Lower("title"), "pk"]
        indexes = [
            models.Index(fields=["status", "age_group"]),
            models.Index(fields=["home_branch", "status"]),
            # The item list is sorted by title.
            models.Index(Lower("title"), F("id"), name="kindergarten_depots_item_title"),
            # The search box matches a whole ISBN. Title and author have trigram indexes
            # on PostgreSQL (migration 0007) for their ``icontains`` search.
            models.Index(fields=["isbn"], name="kindergarten_depots_item_isbn"),
        ]

    def __str__(self):
        return f"{self.title} ({self.barcode})"

    def get_absolute_url(self):
        return reverse("kindergarten_depots:item_detail", args=[self.pk])
