"""Every view that follows a ``next`` address follows only paths on this site."""

import pytest
from django.urls import reverse

from tests.access.urls import KWARGS

UNSAFE = ["https://evil.example/x", "javascript:alert(1)", "//evil.example/x", "abc"]

# URL name → (persona, the default the view falls back to)
VIEWS_WITH_NEXT = {
    "partnerships:task_set_done": (
        "librarian",
        lambda w: reverse("partnerships:partnership_tasks", args=[w["partnership"].pk]),
    ),
    "kindergarten_depots:feed_regenerate": (
        "librarian",
        lambda w: reverse("kindergarten_depots:feed_list"),
    ),
    "accounts:login": ("anonymous", lambda w: reverse("home")),
}


# Django's LoginView follows a relative path such as "abc" on this site, which is safe.
CASES = [
    (name, unsafe)
    for name in sorted(VIEWS_WITH_NEXT)
    for unsafe in UNSAFE
    if not (name == "accounts:login" and unsafe == "abc")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "unsafe"), CASES)
def test_an_unsafe_next_redirects_to_the_safe_default(name, unsafe, world, request, librarian):
    persona, default = VIEWS_WITH_NEXT[name]
    client = request.getfixturevalue(f"{persona}_client")
    url = reverse(name, kwargs=KWARGS[name](world))
    data = {"next": unsafe, "done": "1", "confirmed": "1"}
    if name == "accounts:login":
        librarian.set_password("hemmelig-kode-123")
        librarian.save()
        data |= {"username": librarian.email, "password": "hemmelig-kode-123"}

    response = client.post(url, data)

    assert response.status_code == 302
    assert response.url == default(world)


@pytest.mark.django_db
def test_a_next_on_this_site_is_followed(librarian_client, world):
    tasks = reverse("partnerships:my_tasks")
    url = reverse("partnerships:task_set_done", kwargs=KWARGS["partnerships:task_set_done"](world))

    response = librarian_client.post(url, {"next": tasks, "done": "1"})

    assert response.url == tasks
