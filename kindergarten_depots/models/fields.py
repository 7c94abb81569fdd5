"""Field shapes the depot models repeat."""

from django.conf import settings
from django.db import models


def actor_field(verbose_name) -> models.ForeignKey:
    """Return the field for who did something to a row (packed, moved, withdrew …).

    Empty until it happens; the user cannot be deleted while history names them.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
