"""The landing pages: the role-based home redirect and "Mit overblik"."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone

from partnerships.models import BackingRequest, JournalEntry, Partner, Partnership, Task, TimeEntry
from partnerships.permissions import (
    belongs_on_portal,
    may_decide_backing,
    may_manage_partnerships,
    may_see_library_overview,
    may_use_partnerships,
)
from toolkit.discovery import app_modules

REVIEW_HORIZON_DAYS = 30


@login_required
def home(request):
    """Send each user to the home page of their role."""
    return redirect(request.user.get_home_url())


@login_required
def dashboard(request):
    """Show "Mit overblik": my tasks, my partnerships, reviews, decisions and hours."""
    user = request.user
    if belongs_on_portal(user):
        return redirect("kindergarten_depots:portal_home")
    today = timezone.localdate()
    context = {"organisation": None}
    if user.partner_id:
        context["organisation"] = Partner.objects.prefetch_related("contacts").get(
            pk=user.partner_id
        )
    if may_use_partnerships(user):
        mine = Partnership.objects.involving(user)
        context["my_tasks"] = list(
            Task.objects.open()
            .filter(assignee=user, partnership__in=Partnership.objects.visible_to(user))
            .select_related("partnership")
            .order_by("due_date", "pk")[:15]
        )
        context["my_partnerships"] = list(
            Partnership.objects.filter(pk__in=mine.values("pk"))
            .running()
            .select_related("coordinator")
            .order_by("title")
        )
        for partnership in context["my_partnerships"]:
            partnership.you_coordinate = partnership.coordinator_id == user.pk
        context["reviews_due"] = list(
            Partnership.objects.filter(pk__in=mine.values("pk"))
            .review_due_by(today + timedelta(days=REVIEW_HORIZON_DAYS))
            .order_by("review_date")
        )
        context["latest_decisions"] = list(
            JournalEntry.objects.filter(
                kind=JournalEntry.Kind.DECISION, partnership__in=mine.values("pk")
            )
            .select_related("partnership", "author")
            .order_by("-entry_date", "-created_at")[:5]
        )
        context["hours_this_month"] = TimeEntry.objects.filter(
            user=user, date__year=today.year, date__month=today.month
        ).aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if may_see_library_overview(user):
        counts = dict(
            Partner.objects.active().values_list("kind").annotate(n=Count("pk")).order_by()
        )
        context["partner_counts"] = [
            (kind, label, counts.get(kind, 0)) for kind, label in Partner.Kind.choices
        ]
        context["partnership_counts"] = dict(
            Partnership.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
    if may_decide_backing(user):
        context["backing_waiting"] = BackingRequest.objects.undecided().count()
    context["show_library_contact"] = not may_manage_partnerships(user)
    context["panels"] = _app_panels(request, today)
    return render(request, "partnerships/dashboard.html", context)


def _app_panels(request, today) -> list[dict]:
    """Collect the dashboard panels other apps offer (their ``dashboard.py``).

    Each such module has ``panels(*, request, today) -> list[dict]`` where every
    dict names a ``template`` and carries its context; apps run in the order of
    INSTALLED_APPS. This keeps partnerships free of imports from the apps above it.
    """
    panels = []
    for module in app_modules("dashboard"):
        panels += module.panels(request=request, today=today)
    return panels
