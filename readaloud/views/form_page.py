"""The one shape of a page with a form: show it, or save it and move on."""

from django.shortcuts import render

from toolkit.forms import form_errors_message


def form_page(request, form, template: str, context: dict, *, on_valid):
    """Render ``form`` (a form or formset) in ``template``; on a valid POST return ``on_valid(form)``.

    ``on_valid`` saves and returns the response, normally a redirect. An invalid POST
    re-renders the page with the errors and the form-error message.
    """
    if request.method == "POST":
        if form.is_valid():
            return on_valid(form)
        form_errors_message(request)
    return render(request, template, {"form": form, **context})
