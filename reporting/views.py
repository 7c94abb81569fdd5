"""The statistics area, its exports and the annual report."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from partnerships import statistics as partnership_statistics
from partnerships.models import Partnership
from reporting import permissions, report
from reporting.periods import period_form
from reporting.tables import table_csv, xlsx_bytes, xlsx_response

statistics_required = role_required(permissions.may_see_statistics)
annual_report_required = role_required(permissions.may_see_annual_report)


def _report(request):
    today = timezone.localdate()
    form = period_form(request.GET)
    period = form.period(today=today)
    if not form.is_bound:
        form.initial = {"year": period.year}
    return form, report.build_cached(request.user, period, today=today)


@require_GET
@statistics_required
def statistics(request):
    form, built = _report(request)
    return render(
        request,
        "reporting/statistics.html",
        {
            "form": form,
            "report": built,
            "period": built.period,
            "may_see_annual_report": permissions.may_see_annual_report(request.user),
            "sees_everything": permissions.may_see_all_figures(request.user),
        },
    )


@require_GET
@statistics_required
def export(request, slug, fmt):
    form, built = _report(request)
    if form.is_bound and not form.is_valid():
        raise Http404
    if slug == "alle":
        tables = built.tables
    else:
        table = built.table(slug)
        if table is None:
            raise Http404
        tables = [table]
    filename = f"statistik-{slug}-{built.period.slug}.{fmt}"
    if fmt == "csv":
        if len(tables) != 1:
            raise Http404
        return table_csv(tables[0], filename=filename)
    content = report.output_cached(
        request.user,
        built,
        today=timezone.localdate(),
        name=f"xlsx:{slug}",
        produce=lambda: xlsx_bytes(tables),
    )
    return xlsx_response(content, filename=filename)


@require_GET
@annual_report_required
def annual_report(request):
    today = timezone.localdate()
    form, built = _report(request)
    period = built.period

    def partnerships_render():
        # Depot partnerships are listed with their agreements in the depot section.
        partnerships = partnership_statistics.annual_list(
            Partnership.objects.visible_to(request.user),
            start=period.start,
            end=period.end,
            exclude_kinds=[
                Partnership.Kind.KINDERGARTEN_DEPOT,
                Partnership.Kind.KINDERGARTEN_LIBRARY,
            ],
        )
        return render_to_string(
            "reporting/includes/annual_partnerships.html", {"partnerships": partnerships}
        )

    # The list of every partnership is the longest part of the page: it is rendered once
    # per copy of the figures (it holds nothing about the viewer) and shared like them.
    partnerships_html = report.output_cached(
        request.user, built, today=today, name="annual-partnerships", produce=partnerships_render
    )
    return render(
        request,
        "reporting/annual_report.html",
        {
            "form": form,
            "report": built,
            "period": period,
            # Rendered (and escaped) by our own template above.
            "partnerships_html": mark_safe(partnerships_html),
            "today": today,
        },
    )
