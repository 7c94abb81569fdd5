"""The confirmation page every irreversible championship action shows before it runs."""

from django.shortcuts import render


def confirm_page(
    request,
    *,
    title: str,
    consequences: list[str],
    button: str,
    cancel_url: str,
    back_label: str,
    irreversible: bool = True,
):
    """Render a page that says exactly what the action will do, with a form to confirm it.

    The form posts back to the same URL, so it works without JavaScript.
    """
    return render(
        request,
        "readaloud/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "button": button,
            "cancel_url": cancel_url,
            "back_label": back_label,
            "irreversible": irreversible,
        },
    )
