"""The one confirmation pattern for irreversible actions.

A destructive action answers GET (or a POST without ``confirmed``) with a page that
says exactly what will happen; the page's form posts back to the same URL with
``confirmed=1``. It works without JavaScript.
"""

from django.shortcuts import render

CONFIRMED_FIELD = "confirmed"


def is_confirmed(request) -> bool:
    """Whether this request is the confirmation page's own POST."""
    return request.method == "POST" and request.POST.get(CONFIRMED_FIELD) == "1"


def confirm_page(
    request,
    *,
    title: str,
    consequences: list[str],
    button: str,
    cancel_url: str,
    back_label: str,
    irreversible: bool = True,
    breadcrumbs: list[tuple[str, str]] | None = None,
    hidden: dict[str, str] | None = None,
):
    """Render a page that says exactly what the action will do, with a form to confirm it.

    ``breadcrumbs`` are ``(url, label)`` pairs shown before ``back_label``;
    ``hidden`` are extra fields the confirming POST carries (e.g. a chosen date).
    """
    return render(
        request,
        "toolkit/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "button": button,
            "cancel_url": cancel_url,
            "back_label": back_label,
            "irreversible": irreversible,
            "breadcrumbs": breadcrumbs or [],
            "hidden": hidden or {},
            "confirmed_field": CONFIRMED_FIELD,
        },
    )
