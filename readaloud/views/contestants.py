"""The readers of an edition: registration (organisers and schools), withdrawal, their data."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from readaloud import permissions, services
from readaloud.forms import ContestantForm
from readaloud.models import Contestant
from readaloud.permissions import edition_viewer_required, organiser_required
from readaloud.views.access import log_read
from readaloud.views.confirm import confirm_page
from toolkit.csv import csv_response
from toolkit.filters import SEARCH_MAX_LENGTH
from toolkit.pagination import page_of
from toolkit.search_select import search_filter
from toolkit.views import form_page

CONTESTANTS_PER_PAGE = 50


@edition_viewer_required
def contestant_list(request, pk):
    championship = permissions.championship_for(request.user, pk)
    query = request.GET.get("q", "")[:SEARCH_MAX_LENGTH].strip()
    contestants = Contestant.objects.visible_to(request.user).filter(championship=championship)
    if query:
        contestants = search_filter(contestants, ["first_name", "last_name", "school__name"], query)
    # A page at a time: a national edition has thousands of readers.
    page_obj = page_of(
        request,
        contestants.select_related("school").order_by(
            "school__name", "last_name", "first_name", "pk"
        ),
        CONTESTANTS_PER_PAGE,
    )
    contestants = list(contestants)
    log_read(request, championship=championship, contestants=contestants)
    return render(
        request,
        "readaloud/contestant_list.html",
        {
            "championship": championship,
            "contestants": page_obj.object_list,
            "page_obj": page_obj,
            "query": query,
            "school": permissions.registering_school(request.user),
            "can_register": permissions.may_register_now(
                request.user, championship, timezone.localdate()
            ),
            "can_edit": permissions.may_register_contestants(request.user, championship),
            "can_manage": permissions.may_manage(request.user),
        },
    )


def _contestant_form_page(request, championship, contestant=None):
    school = permissions.registering_school(request.user)

    def save(form):
        saved = form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": saved.full_name})
        return redirect("readaloud:contestant_list", pk=championship.pk)

    return form_page(
        request,
        ContestantForm(
            request.POST or None, instance=contestant, championship=championship, school=school
        ),
        "readaloud/contestant_form.html",
        {"championship": championship, "contestant": contestant, "school": school},
        on_valid=save,
    )


def registration_closed(request, championship):
    """Refuse users who may not register; return a redirect while registration is closed."""
    if not permissions.may_register_contestants(request.user, championship):
        raise PermissionDenied
    if not permissions.may_register_now(request.user, championship, timezone.localdate()):
        messages.error(
            request, _("Registration is not open: ask the organisers to register the reader.")
        )
        return redirect(championship)
    return None


@edition_viewer_required
def contestant_create(request, pk):
    championship = permissions.championship_for(request.user, pk)
    return registration_closed(request, championship) or _contestant_form_page(
        request, championship
    )


@edition_viewer_required
def contestant_update(request, pk):
    contestant = permissions.contestant_for_edit(request.user, pk)
    if contestant.is_anonymised():
        messages.error(request, _("The reader's data has been anonymised."))
        return redirect("readaloud:contestant_list", pk=contestant.championship_id)
    if request.method == "GET":
        log_read(request, championship=contestant.championship, contestants=[contestant])
    return _contestant_form_page(request, contestant.championship, contestant)


def _stepped_in_messages(request, performances):
    for performance in performances:
        messages.info(
            request,
            _("%(name)s steps in: %(heat)s.")
            % {"name": performance.contestant.full_name, "heat": performance.heat},
        )


def _list_url(contestant):
    return reverse("readaloud:contestant_list", args=[contestant.championship_id])


@require_http_methods(["GET", "POST"])
@edition_viewer_required
def contestant_consent_withdraw(request, pk):
    contestant = permissions.contestant_for_edit(request.user, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Withdraw the consent for %(name)s") % {"name": contestant.full_name},
            consequences=[
                _("The reader's name is removed from the public results."),
                _("The reader is taken out of every heat that has not started."),
                _("The reader can no longer be placed in a heat."),
                _("Where the reader had advanced, the next reader in rank steps in."),
            ],
            button=_("Withdraw the consent"),
            cancel_url=_list_url(contestant),
            back_label=_("Readers"),
        )
    stepped_in = services.consent_withdraw(contestant=contestant, by=request.user)
    messages.success(
        request,
        _(
            "The consent for %(name)s is withdrawn: the reader is off the public results and cannot be placed in a heat."
        )
        % {"name": contestant.full_name},
    )
    _stepped_in_messages(request, stepped_in)
    return redirect("readaloud:contestant_list", pk=contestant.championship_id)


@require_http_methods(["GET", "POST"])
@organiser_required
def contestant_withdraw(request, pk):
    contestant = permissions.contestant_for_organiser(request.user, pk)
    if contestant.is_withdrawn():
        messages.info(request, _("%(name)s has withdrawn.") % {"name": contestant.full_name})
        return redirect(_list_url(contestant))
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("%(name)s withdraws from the championship") % {"name": contestant.full_name},
            consequences=[
                _("The reader is taken out of every heat that has not started."),
                _("Results already reached stay in the closed heats."),
                _(
                    "Where the reader had advanced, a reserve from the same school steps in, otherwise the next reader in rank."
                ),
            ],
            button=_("Record the withdrawal"),
            cancel_url=_list_url(contestant),
            back_label=_("Readers"),
        )
    stepped_in = services.contestant_withdraw(contestant=contestant, by=request.user)
    messages.success(request, _("%(name)s has withdrawn.") % {"name": contestant.full_name})
    _stepped_in_messages(request, stepped_in)
    return redirect("readaloud:contestant_list", pk=contestant.championship_id)


@organiser_required
def contestant_export(request, pk, fmt):
    if fmt not in ("json", "csv"):
        raise Http404
    contestant = permissions.contestant_for_organiser(request.user, pk)
    filename = f"deltager-{contestant.pk}"
    log_read(request, championship=contestant.championship, contestants=[contestant], detail=fmt)
    if fmt == "csv":
        return csv_response(
            services.contestant_export_rows(contestant=contestant), filename=f"{filename}.csv"
        )
    response = HttpResponse(
        json.dumps(services.contestant_export(contestant=contestant), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@organiser_required
def contestant_erase(request, pk):
    contestant = permissions.contestant_for_organiser(request.user, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Erase %(name)s") % {"name": contestant.full_name},
            consequences=[
                _("If the reader has never been scored, every record of the reader is deleted."),
                _(
                    "If the reader has been scored, the name, class, school text and consent are anonymised; the scores and ranks stay so the other results remain right."
                ),
                _(
                    "The name also leaves the audit log, the admin's log, the jury's notes, the access log and queued e-mails."
                ),
                _("Download the reader's data first if the family asked for a copy."),
            ],
            button=_("Erase the reader's data"),
            cancel_url=_list_url(contestant),
            back_label=_("Readers"),
        )
    championship_id = contestant.championship_id
    outcome = services.contestant_erase(contestant=contestant, by=request.user)
    if outcome == "deleted":
        messages.success(request, _("The reader's data was deleted."))
    else:
        messages.success(
            request,
            _("The reader had been scored, so the data was anonymised; the results stay."),
        )
    return redirect("readaloud:contestant_list", pk=championship_id)
