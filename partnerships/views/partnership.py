"""Partnership pages: list, create, edit, overview, status, members and attachments.

Access is decided in ``partnerships.permissions``: librarians see every
partnership, partner members only those they coordinate or belong to (anything
else is 404), other roles get 403.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_filters.views import FilterView

from accounts.permissions import RoleRequiredMixin
from partnerships import services
from partnerships.filters import PartnershipFilter
from partnerships.forms import (
    AttachmentForm,
    BackingRequestForm,
    MemberForm,
    PartnershipForm,
    StatusChangeForm,
)
from partnerships.models import Partnership, PartnershipPartner
from partnerships.permissions import (
    attachment_for,
    may_change_partnership,
    may_manage_partnerships,
    may_request_backing,
    may_use_partnerships,
    membership_for,
    partnership_for,
)
from partnerships.views.tabs import (
    partnership_access_required,
    partnership_management_required,
    tab_context,
)
from toolkit.confirm import confirm_page, is_confirmed
from toolkit.forms import form_errors_message
from toolkit.views import action_run, form_action_run

# --- List, create, edit ------------------------------------------------------


class PartnershipListView(RoleRequiredMixin, FilterView):
    role_test = staticmethod(may_use_partnerships)
    filterset_class = PartnershipFilter
    template_name = "partnerships/partnership_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            Partnership.objects.visible_to(self.request.user)
            .select_related("coordinator")
            .prefetch_related("partners")
            .order_by("title", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        without_status = self.request.GET.copy()
        without_status.pop("status", None)
        others = PartnershipFilter(
            without_status, queryset=self.get_queryset(), user=self.request.user
        ).qs
        counts = dict(
            others.order_by().values_list("status").annotate(n=Count("pk", distinct=True))
        )
        context["status_counts"] = [
            (status, label, counts.get(status, 0)) for status, label in Partnership.Status.choices
        ]
        context["can_manage"] = may_manage_partnerships(self.request.user)
        return context


@partnership_management_required
def partnership_create(request):
    form = PartnershipForm(request.POST or None, initial={"coordinator": request.user})
    if request.method == "POST":
        if form.is_valid():
            partnership = services.partnership_create(
                partnership=form.save(commit=False),
                partners=form.cleaned_data["partners"],
                by=request.user,
            )
            messages.success(
                request, _("The partnership %(title)s was created.") % {"title": partnership}
            )
            return redirect(partnership)
        form_errors_message(request)
    return render(request, "partnerships/partnership_form.html", {"form": form})


@partnership_management_required
def partnership_update(request, pk):
    partnership = partnership_for(request.user, pk)
    if not may_change_partnership(request.user, partnership):
        messages.error(request, _("The partnership has ended; it is kept as it was."))
        return redirect(partnership)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The changes were saved."))
            return redirect(partnership)
        form_errors_message(request)
    return render(
        request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership}
    )


# --- Overview, status, members, attachments ---------------------------------


def _overview(request, partnership, *, attachment_form=None, status=200):
    backing_request = partnership.latest_backing_request()
    ended = partnership.is_ended()
    context = tab_context(
        request,
        partnership,
        "overview",
        partner_links=PartnershipPartner.objects.filter(partnership=partnership).select_related(
            "partner"
        ),
        memberships=partnership.memberships.select_related("user", "user__partner"),
        attachments=partnership.attachments.select_related("uploaded_by"),
        checklist=None if ended else partnership.activation_checklist(),
        final_evaluation=partnership.evaluations.select_related("evaluated_by").first()
        if ended
        else None,
        backing_request=backing_request,
        backing_decisions=list(backing_request.decisions.all()) if backing_request else [],
        backing_state=backing_request.state() if backing_request else None,
        can_request_backing=may_request_backing(request.user, partnership, backing_request),
        backing_form=BackingRequestForm(),
        status_form=StatusChangeForm(partnership=partnership),
        member_form=MemberForm(partnership=partnership),
        attachment_form=attachment_form or AttachmentForm(),
    )
    return render(request, "partnerships/partnership_detail.html", context, status=status)


@partnership_access_required
def partnership_detail(request, pk):
    return _overview(request, partnership_for(request.user, pk))


@require_POST
@partnership_management_required
def partnership_change_status(request, pk):
    partnership = partnership_for(request.user, pk)
    form = StatusChangeForm(request.POST, partnership=partnership)
    if form.is_valid():
        action_run(
            request,
            lambda: services.partnership_change_status(
                partnership=partnership,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                note=form.cleaned_data["note"],
            ),
            success=lambda changed: (
                _("The status is now “%(status)s”.") % {"status": changed.get_status_display()}
            ),
        )
    else:
        messages.error(request, _("Choose one of the statuses offered."))
    return redirect(partnership)


@require_POST
@partnership_management_required
def member_add(request, pk):
    partnership = partnership_for(request.user, pk)
    form = MemberForm(request.POST, partnership=partnership)
    if form.is_valid():
        action_run(
            request,
            lambda: services.member_add(
                partnership=partnership,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            ),
            success=lambda member: _("%(name)s is now a member.") % {"name": member.user},
        )
    else:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
    return redirect(partnership)


@require_http_methods(["GET", "POST"])
@partnership_management_required
def member_remove(request, pk, member_pk):
    membership = membership_for(request.user, pk, member_pk)
    partnership = membership.partnership
    if not is_confirmed(request):
        name = membership.user.full_name or membership.user.email
        return confirm_page(
            request,
            title=_("Remove %(name)s from %(partnership)s")
            % {"name": name, "partnership": partnership.title},
            consequences=[
                _(
                    "%(name)s is no longer a member: no more notices of decisions and tasks, and no access to the partnership through this membership."
                )
                % {"name": name},
                _("Their journal entries, tasks and hours stay in the history."),
                _(
                    "You can add them again later; their role in the partnership must then be typed again."
                ),
            ],
            button=_("Remove %(name)s") % {"name": name},
            cancel_url=partnership.get_absolute_url(),
            back_label=partnership.title,
            breadcrumbs=[(reverse("partnerships:partnership_list"), _("Partnerships"))],
        )
    action_run(
        request,
        lambda: services.member_remove(membership=membership),
        success=_("%(name)s is no longer a member. Their entries and hours stay in the history.")
        % {"name": membership.user},
    )
    return redirect(membership.partnership)


@require_POST
@partnership_access_required
def attachment_upload(request, pk):
    partnership = partnership_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid() and form_action_run(
        form,
        lambda: services.attachment_add(
            partnership=partnership,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            by=request.user,
        ),
    ):
        messages.success(request, _("The file was uploaded."))
        return redirect(partnership)
    messages.error(request, _("The file was not uploaded. See the error below."))
    return _overview(request, partnership, attachment_form=form, status=400)


@partnership_access_required
def attachment_download(request, pk, attachment_pk):
    attachment = attachment_for(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = attachment.file.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
