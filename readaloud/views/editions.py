"""Editions and their structure: championships, criteria and rounds (organisers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from readaloud import permissions, services
from readaloud.forms import ChampionshipForm, CriteriaReopenForm, CriterionFormSet, RoundForm
from readaloud.models import Championship, Heat
from readaloud.permissions import edition_viewer_required, organiser_required
from toolkit.forms import validation_error_message
from toolkit.views import action_run, form_page


@edition_viewer_required
def championship_list(request):
    championships = (
        Championship.objects.visible_to(request.user)
        .select_related("organiser")
        .annotate(contestant_count=Count("contestants", distinct=True))
        .order_by("-year", "name")
    )
    return render(
        request,
        "readaloud/championship_list.html",
        {"championships": championships, "can_manage": permissions.may_manage(request.user)},
    )


@edition_viewer_required
def championship_detail(request, pk):
    championship = permissions.championship_for(request.user, pk)
    rounds = championship.rounds.select_related("branch", "school").prefetch_related(
        Prefetch(
            "heats",
            queryset=Heat.objects.select_related("branch", "school").annotate(
                reader_count=Count("performances", filter=Q(performances__withdrawn_at=None))
            ),
        )
    )
    context = {
        "championship": championship,
        "rounds": rounds,
        "criteria": championship.criteria.all(),
        "can_manage": permissions.may_manage(request.user),
        "can_register": permissions.may_register_contestants(request.user, championship),
        "retention_date": championship.effective_retention_date(),
        "participation": services.participation_by_school(championship=championship),
    }
    return render(request, "readaloud/championship_detail.html", context)


def _championship_form_page(request, championship=None):
    def save(form):
        if championship is None:
            saved = services.championship_create(**form.cleaned_data)
            messages.success(request, _("The championship %(name)s was created.") % {"name": saved})
        else:
            saved = form.save()
            messages.success(request, _("The changes were saved."))
        return redirect(saved)

    return form_page(
        request,
        ChampionshipForm(request.POST or None, instance=championship),
        "readaloud/championship_form.html",
        {"championship": championship},
        on_valid=save,
    )


@organiser_required
def championship_create(request):
    return _championship_form_page(request)


@organiser_required
def championship_update(request, pk):
    return _championship_form_page(
        request, permissions.championship_for_organiser(request.user, pk)
    )


@require_POST
@organiser_required
def championship_copy(request, pk):
    source = permissions.championship_for_organiser(request.user, pk)
    try:
        copy = services.championship_copy(source=source)
    except ValidationError as error:
        validation_error_message(request, error)
        return redirect(source)
    messages.success(
        request,
        _("%(name)s was created with last year's rounds, heats and criteria.") % {"name": copy},
    )
    return redirect(copy)


@organiser_required
def criteria_update(request, pk):
    """Edit the criteria; once scoring has begun they are locked until reopened with a reason."""
    championship = permissions.championship_for_organiser(request.user, pk)
    context = {
        "championship": championship,
        "locked": championship.criteria_locked(),
        "released": championship.has_released_results(),
        "reopen_form": CriteriaReopenForm(),
    }
    if context["locked"]:
        context["criteria"] = championship.criteria.all()
        if request.method == "POST":
            messages.error(request, _("The criteria are locked because scoring has begun."))
        return render(request, "readaloud/criteria_form.html", context)
    formset = CriterionFormSet(request.POST or None, instance=championship, prefix="criteria")

    def save(formset):
        try:
            recomputed = services.criteria_change(
                championship=championship, save=formset.save, by=request.user
            )
        except ValidationError as error:
            validation_error_message(request, error)
            return redirect("readaloud:criteria_update", pk=championship.pk)
        messages.success(request, _("The criteria were saved."))
        if recomputed:
            messages.info(
                request,
                _("The results of %(count)s closed heats were recomputed.") % {"count": recomputed},
            )
        return redirect(championship)

    return form_page(
        request,
        formset,
        "readaloud/criteria_form.html",
        {"formset": formset, **context},
        on_valid=save,
    )


@require_POST
@organiser_required
def criteria_reopen(request, pk):
    championship = permissions.championship_for_organiser(request.user, pk)
    form = CriteriaReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for changing the criteria after scoring began."))
    else:
        action_run(
            request,
            lambda: services.criteria_reopen(
                championship=championship, reason=form.cleaned_data["reason"], by=request.user
            ),
            success=_(
                "The criteria are open for one change; every closed heat is recomputed when you save."
            ),
        )
    return redirect("readaloud:criteria_update", pk=championship.pk)


def _round_form_page(request, championship, round_=None):
    def save(form):
        form.instance.championship = championship
        form.save()
        messages.success(request, _("The round was saved."))
        return redirect(championship)

    return form_page(
        request,
        RoundForm(request.POST or None, instance=round_, championship=championship),
        "readaloud/round_form.html",
        {"championship": championship, "round": round_},
        on_valid=save,
    )


@organiser_required
def round_create(request, pk):
    return _round_form_page(request, permissions.championship_for_organiser(request.user, pk))


@organiser_required
def round_update(request, pk):
    round_ = permissions.round_for_organiser(request.user, pk)
    return _round_form_page(request, round_.championship, round_)
