"""The URLs of the page benchmark: the project's own, plus the floor view.

Only ``bench_pages`` uses this module (it sets ``ROOT_URLCONF`` to it for its run), so
the floor view is never routed in production.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

FLOOR_TEMPLATE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Floor</title></head>
<body><main><h1>Floor</h1><table>
<thead><tr><th>#</th><th>Navn</th><th>E-mail</th></tr></thead>
<tbody>{% for user in users %}
<tr><td>{{ user.pk }}</td><td>{{ user.full_name }}</td><td>{{ user.email }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""


@login_required
def floor(request):
    """Render 25 rows from one query: what any page costs at least in this stack."""
    template = engines["django"].from_string(FLOOR_TEMPLATE)
    users = get_user_model().objects.order_by("pk").only("pk", "full_name", "email")[:25]
    return HttpResponse(template.render({"users": users}, request))


urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *project_urlpatterns]
