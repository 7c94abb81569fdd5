"""Tasks in a partnership, and the list of one person's tasks across partnerships."""

from django.contrib import messages
from django.db.models import Count, F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships import services
from partnerships.forms import TaskForm
from partnerships.models import Partnership, Task
from partnerships.permissions import partnership_for, task_for
from partnerships.views.tabs import partnership_access_required, tab_context
from toolkit.forms import form_errors_message
from toolkit.pagination import page_of
from toolkit.redirects import redirect_to_next
from toolkit.views import action_run, form_action_run

TASKS_PER_PAGE = 50


def _task_values(form: TaskForm) -> dict:
    return {name: form.cleaned_data[name] for name in TaskForm.Meta.fields}


def _task_list(request, tasks) -> dict:
    """The open tasks (due first), or the done ones with ``?done=1``, a page at a time."""
    counts = dict(tasks.order_by().values_list("status").annotate(n=Count("pk")))
    show_done = request.GET.get("done") == "1"
    if show_done:
        shown = tasks.filter(status=Task.Status.DONE).order_by(
            F("completed_at").desc(nulls_last=True), "-pk"
        )
    else:
        shown = tasks.filter(status=Task.Status.OPEN).order_by(
            F("due_date").asc(nulls_last=True), "pk"
        )
    page_obj = page_of(request, shown, TASKS_PER_PAGE)
    return {
        "tasks": page_obj.object_list,
        "page_obj": page_obj,
        "show_done": show_done,
        "open_count": counts.get(Task.Status.OPEN, 0),
        "done_count": counts.get(Task.Status.DONE, 0),
    }


@partnership_access_required
def partnership_tasks(request, pk):
    partnership = partnership_for(request.user, pk)
    form = TaskForm(request.POST or None, partnership=partnership)
    if request.method == "POST":
        if form.is_valid() and form_action_run(
            form,
            lambda: services.task_create(
                partnership=partnership, by=request.user, **_task_values(form)
            ),
        ):
            messages.success(
                request,
                _("The task %(title)s was created.") % {"title": form.cleaned_data["title"]},
            )
            return redirect("partnerships:partnership_tasks", pk=partnership.pk)
        form_errors_message(request)
    tasks = _task_list(request, partnership.tasks.select_related("assignee"))
    context = tab_context(request, partnership, "tasks", form=form, **tasks)
    return render(request, "partnerships/partnership_tasks.html", context)


@partnership_access_required
def task_edit(request, pk, task_pk):
    task = task_for(request.user, pk, task_pk)
    partnership = task.partnership
    form = TaskForm(request.POST or None, instance=task, partnership=partnership)
    if request.method == "POST":
        if form.is_valid() and form_action_run(
            form, lambda: services.task_update(task=task, by=request.user, **_task_values(form))
        ):
            messages.success(request, _("The task was saved."))
            return redirect("partnerships:partnership_tasks", pk=partnership.pk)
        form_errors_message(request)
    context = tab_context(request, partnership, "tasks", task=task, form=form)
    return render(request, "partnerships/task_form.html", context)


@require_POST
@partnership_access_required
def task_set_done(request, pk, task_pk):
    task = task_for(request.user, pk, task_pk)
    done = request.POST.get("done") == "1"
    action_run(
        request,
        lambda: services.task_set_done(task=task, done=done),
        success=(
            _("“%(title)s” is done.") % {"title": task}
            if done
            else _("“%(title)s” is open again.") % {"title": task}
        ),
    )
    return redirect_to_next(request, reverse("partnerships:partnership_tasks", args=[pk]))


@partnership_access_required
def my_tasks(request):
    tasks = Task.objects.filter(
        assignee=request.user, partnership__in=Partnership.objects.visible_to(request.user)
    ).select_related("partnership")
    return render(request, "partnerships/my_tasks.html", _task_list(request, tasks))
