"""Evaluating a partnership, and ending it (with an evaluation or a reason why not)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partnerships import services
from partnerships.forms import EndPartnershipForm, EvaluationForm
from partnerships.models import Partnership
from partnerships.permissions import partnership_for
from partnerships.views.tabs import partnership_management_required, tab_context
from toolkit.forms import form_errors_message


@partnership_management_required
def partnership_evaluation(request, pk):
    partnership = partnership_for(request.user, pk)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            services.evaluation_create(partnership=partnership, by=request.user, **form.answers())
            messages.success(
                request,
                _("The evaluation is saved. The next review is on %(date)s.")
                % {"date": formats.date_format(partnership.review_date, "SHORT_DATE_FORMAT")},
            )
            return redirect("partnerships:partnership_evaluation", pk=partnership.pk)
        form_errors_message(request)
    evaluations = partnership.evaluations.select_related("evaluated_by")
    context = tab_context(request, partnership, "evaluation", evaluations=evaluations, form=form)
    return render(request, "partnerships/partnership_evaluation.html", context)


@partnership_management_required
def partnership_end(request, pk):
    partnership = partnership_for(request.user, pk)
    if Partnership.Status.ENDED not in partnership.allowed_transitions():
        messages.error(request, _("This partnership has already ended."))
        return redirect(partnership)
    today = timezone.localdate()
    form = EndPartnershipForm(
        request.POST or None, initial={"evaluated_on": today, "end_date": today}
    )
    if request.method == "POST" and form.is_valid():
        skip = form.cleaned_data["skip_evaluation"]
        try:
            services.partnership_end(
                partnership=partnership,
                by=request.user,
                end_date=form.cleaned_data["end_date"],
                evaluation=None if skip else form.answers(),
                skip_reason=form.cleaned_data["skip_reason"] if skip else "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partnership has ended."))
            return redirect(partnership)
    if request.method == "POST":
        form_errors_message(request)
    context = tab_context(request, partnership, "evaluation", form=form)
    return render(request, "partnerships/partnership_end.html", context)
