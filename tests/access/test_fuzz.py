"""Hostile input never gives a server error: a property-based test over the whole site.

For every persona, Hypothesis picks URLs that persona may use and sends hostile
query parameters to the page and hostile values for every field of its form (the
field names are read from the page; actions get the common names). It asserts no
response is a 5xx (the test client re-raises any exception a view lets through).
Bounded to 15 examples per persona so it runs in about a minute; each run picks
other URLs and values, and the regressions found so far are pinned in
tests/test_hostile_input.py.
"""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.access.rules import ACTION, RULES
from tests.access.urls import KWARGS
from tests.conftest import PERSONAS

HOSTILE = [
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "²",
    "٣",
    "9" * 20,
    "-1",
    "0",
    "1e400",
    "NaN",
    "\x00",
    "a\x00b",
    "x" * 100_000,
    "javascript:alert(1)",
    "//evil.example/",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "",
    " ",
    '=HYPERLINK("http://evil")',
]
hostile = st.sampled_from(HOSTILE) | st.text(max_size=40)
QUERY_PARAMETERS = [
    "q",
    "date",
    "view",
    "branch",
    "bog",
    "page",
    "status",
    "kind",
    "type",
    "area",
    "partner",
    "coordinator",
    "theme",
    "age_group",
    "active",
    "mine",
    "review_due",
    "next",
    "year",
    "championship",
]
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
FUZZ = settings(
    max_examples=15,
    deadline=None,
    # No shrinking: the failing URL and values are in the assertion message, and
    # shrinking a whole-site sweep would take minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


# /healthz answers 503 by design here (no worker runs); logging out would end the persona.
SKIPPED = {"healthz", "accounts:logout"}


def _urls(world, persona):
    """Yield (kind, url) of every URL the persona may use."""
    for name, rule in sorted(RULES.items()):
        if persona in rule.allowed and name not in SKIPPED:
            yield rule.kind, reverse(name, kwargs=KWARGS[name](world))


def _fields(client, url) -> list[str]:
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        return []
    names = set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"}
    return sorted(names)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_hostile_input_to_pages_and_forms_gives_no_server_error(persona_client, world, request):
    persona = request.node.callspec.params["persona_client"]
    urls = list(_urls(world, persona))
    fields = {}

    @FUZZ
    @given(target=st.sampled_from(urls), data=st.data())
    def fuzz(target, data):
        kind, url = target
        if kind != ACTION:
            optional = dict.fromkeys(QUERY_PARAMETERS, hostile)
            params = data.draw(st.fixed_dictionaries({}, optional=optional))
            response = persona_client.get(url, params)
            assert response.status_code < 500, (url, params)
            if url not in fields:
                fields[url] = _fields(persona_client, url)
        names = fields.get(url) or QUERY_PARAMETERS
        values = data.draw(st.fixed_dictionaries(dict.fromkeys(names, hostile)))
        response = persona_client.post(url, values)
        assert response.status_code < 500, (url, values)

    fuzz()
