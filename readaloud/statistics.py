"""Figures about the reading-aloud championship, aggregated in the database.

The functions take the editions the viewer may see; they count readers and never
return a child's name, so the figures survive anonymisation.
"""

from django.db.models import Count, Q

from readaloud.models import Contestant


def _readers(championships):
    return Contestant.objects.filter(championship__in=championships.values("pk"))


def readers_per_edition(championships) -> list[dict]:
    """Return each edition with its readers, reserves, withdrawals and schools."""
    return list(
        championships.order_by()
        .values("pk", "name", "year")
        .annotate(
            readers=Count("contestants", filter=Q(contestants__is_reserve=False), distinct=True),
            reserves=Count("contestants", filter=Q(contestants__is_reserve=True), distinct=True),
            withdrawn=Count(
                "contestants", filter=Q(contestants__withdrawn_at__isnull=False), distinct=True
            ),
            schools=Count("contestants__school", distinct=True),
        )
        .order_by("year", "name", "pk")
    )


def _readers_by(championships, *fields) -> list[dict]:
    return list(
        _readers(championships)
        .order_by()
        .values(*fields)
        .annotate(readers=Count("pk"))
        .order_by(*fields)
    )


def readers_by_school(championships) -> list[dict]:
    """Return how many readers each school sent to the editions."""
    return _readers_by(championships, "school__name")


def readers_by_school_and_grade(championships) -> list[dict]:
    """Return how many readers each school sent per grade."""
    return _readers_by(championships, "school__name", "grade")


def readers_by_grade(championships) -> list[dict]:
    """Return how many readers came from each grade."""
    return _readers_by(championships, "grade")


def readers_by_edition_for_school(championships, *, school) -> list[dict]:
    """Return, per edition, how many readers (and reserves) ``school`` sent."""
    return list(
        _readers(championships)
        .filter(school=school)
        .order_by()
        .values("championship_id", "championship__name", "championship__year")
        .annotate(
            readers=Count("pk", filter=Q(is_reserve=False)),
            reserves=Count("pk", filter=Q(is_reserve=True)),
        )
        .order_by("-championship__year", "championship__name")
    )
