"""Shared helpers of the partnership tests: request data, URL tables, a tiny PDF."""

from django.urls import reverse

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def status_post(client, partnership, to_status, note=""):
    return client.post(
        reverse("partnerships:partnership_change_status", args=[partnership.pk]),
        {"to_status": to_status, "note": note},
        follow=True,
    )


def partnership_form_data(partnership=None, **overrides):
    data = {
        "title": "Læsebånd",
        "kind": "school",
        "partners": [],
        "start_date": "2027-01-10",
        "end_date": "",
        "review_date": "2027-06-01",
        "purpose": "Mere læsning",
        "library_contributes": "",
        "partner_contributes": "",
        "library_gains": "",
        "partner_gains": "",
        "scope": "small",
        "estimated_hours": "20",
        "coordinator": "",
    }
    if partnership is not None:
        data.update(
            {
                "title": partnership.title,
                "kind": partnership.kind,
                "coordinator": partnership.coordinator_id,
                "library_gains": partnership.library_gains,
                "partner_gains": partnership.partner_gains,
                "partners": [p.pk for p in partnership.partners.all()],
            }
        )
    data.update(overrides)
    return data


def partnership_urls(partnership, task, entry, attachment):
    pk = partnership.pk
    return {
        # name: (method, url, who besides librarians may use it)
        "list": ("get", reverse("partnerships:partnership_list"), "member"),
        "my_tasks": ("get", reverse("partnerships:my_tasks"), "member"),
        "create": ("get", reverse("partnerships:partnership_create"), None),
        "detail": ("get", reverse("partnerships:partnership_detail", args=[pk]), "member"),
        "update": ("get", reverse("partnerships:partnership_update", args=[pk]), None),
        "status": ("post", reverse("partnerships:partnership_change_status", args=[pk]), None),
        "end": ("get", reverse("partnerships:partnership_end", args=[pk]), None),
        "member_add": ("post", reverse("partnerships:member_add", args=[pk]), None),
        "journal": ("get", reverse("partnerships:partnership_journal", args=[pk]), "member"),
        "journal_edit": (
            "get",
            reverse("partnerships:journal_entry_edit", args=[pk, entry.pk]),
            "member",
        ),
        "tasks": ("get", reverse("partnerships:partnership_tasks", args=[pk]), "member"),
        "task_edit": ("get", reverse("partnerships:task_edit", args=[pk, task.pk]), "member"),
        "task_done": ("post", reverse("partnerships:task_set_done", args=[pk, task.pk]), "member"),
        "time": ("get", reverse("partnerships:partnership_time", args=[pk]), "member"),
        "evaluation": ("get", reverse("partnerships:partnership_evaluation", args=[pk]), None),
        "history": ("get", reverse("partnerships:partnership_history", args=[pk]), None),
        "upload": ("post", reverse("partnerships:attachment_upload", args=[pk]), "member"),
        "download": ("get", attachment.get_absolute_url(), "member"),
    }
