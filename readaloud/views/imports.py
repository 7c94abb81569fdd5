"""A school librarian imports readers from a class list: upload, preview, confirm."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from readaloud import permissions, services
from readaloud.forms import ClassListForm
from readaloud.permissions import edition_viewer_required
from readaloud.views.contestants import registration_closed
from toolkit.forms import form_errors_message

SALT = "readaloud.class_list"


@edition_viewer_required
def contestant_import(request, pk):
    championship = permissions.championship_for(request.user, pk)
    closed = registration_closed(request, championship)
    if closed:
        return closed
    fixed_school = permissions.registering_school(request.user)
    context = {"championship": championship, "school": fixed_school}
    if request.method == "POST" and "payload" in request.POST:
        try:
            payload = signing.loads(request.POST["payload"], salt=SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired: upload the class list again."))
            return redirect("readaloud:contestant_import", pk=championship.pk)
        school = fixed_school or ClassListForm.school_queryset().get(pk=payload["school"])
        created = services.class_list_import(
            championship=championship, school=school, rows=payload["rows"], by=request.user
        )
        messages.success(
            request,
            _("%(count)s readers were registered. Record each guardian's consent next.")
            % {"count": len(created)},
        )
        return redirect("readaloud:contestant_list", pk=championship.pk)
    form = ClassListForm(request.POST or None, request.FILES or None, school=fixed_school)
    if request.method == "POST":
        if form.is_valid():
            school = fixed_school or form.cleaned_data["school"]
            try:
                rows = services.class_list_parse(
                    upload=form.cleaned_data["file"], championship=championship, school=school
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                importable = [row.as_dict() for row in rows if row.importable]
                context.update(
                    rows=rows,
                    import_school=school,
                    importable=len(importable),
                    payload=signing.dumps({"school": school.pk, "rows": importable}, salt=SALT),
                )
                return render(request, "readaloud/contestant_import_preview.html", context)
        form_errors_message(request)
    return render(request, "readaloud/contestant_import.html", {**context, "form": form})
