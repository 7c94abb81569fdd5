"""The reading-aloud panel on "Mit overblik": the heats a user judges."""

from readaloud.models import Heat


def panels(*, request, today) -> list[dict]:
    heats = list(
        Heat.objects.scorable_by(request.user)
        .filter(closed_at__isnull=True)
        .select_related("round__championship")
        .order_by("round__date", "name")[:10]
    )
    if not heats:
        return []
    return [{"template": "readaloud/dashboard_panel.html", "heats": heats}]
