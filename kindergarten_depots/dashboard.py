"""The depot panel on "Mit overblik": this week's swaps for librarians."""

from datetime import timedelta

from django.db.models import Count

from kindergarten_depots import permissions
from kindergarten_depots.models import Swap


def panels(*, request, today) -> list[dict]:
    if not permissions.may_use_depots(request.user):
        return []
    monday = today - timedelta(days=today.weekday())
    swaps = list(
        Swap.objects.filter(planned_date__gte=monday, planned_date__lte=monday + timedelta(days=6))
        .exclude(status=Swap.Status.CANCELLED)
        .select_related("agreement__kindergarten", "agreement__branch")
        .annotate(book_count=Count("packed_items"))
        .order_by("planned_date", "agreement__kindergarten__name")[:20]
    )
    return [
        {
            "template": "kindergarten_depots/dashboard_panel.html",
            "swaps": swaps,
            "week": monday.isocalendar()[1],
            "monday": monday,
        }
    ]
