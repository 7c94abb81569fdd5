"""The access test for every URL of the site and every persona, generated from the URL conf.

Every named URL must have a rule in ``tests/access/rules.py`` and real kwargs in
``tests/access/urls.py`` (only Django's admin, with its own ``is_staff`` check and
tests, is left out), so a new URL cannot be added without deciding who may open it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kindergarten_depots.models import Wish
from partnerships.models import Attachment, PartnershipMember, Task
from readaloud.models import Contestant, JudgeAssignment
from tests.access.rules import ACTION, RULES
from tests.access.urls import KWARGS
from tests.conftest import PERSONAS

NOT_CHECKED_NAMESPACES = {"admin"}


def url_names(resolver=None, namespace=""):
    """Return the qualified name of every named URL pattern, following includes."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            qualified = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names |= url_names(pattern, qualified)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return {name for name in names if name.split(":")[0] not in NOT_CHECKED_NAMESPACES}


def test_every_url_of_the_site_has_an_access_rule_and_real_kwargs():
    names = url_names()

    assert not sorted(names - set(RULES)), "Add a rule to tests/access/rules.py"
    assert not sorted(names - set(KWARGS)), "Add the URL's kwargs to tests/access/urls.py"
    assert not sorted(set(RULES) - names), "Remove rules of URLs that no longer exist"
    assert not sorted(set(KWARGS) - names), "Remove kwargs of URLs that no longer exist"


def _refused(persona, response) -> bool:
    if persona == "anonymous":
        return response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    return response.status_code in (403, 404)


def _state(world) -> dict:
    """What a refused POST must never change."""
    contestant = Contestant.objects.get(pk=world["contestant"].pk)
    delivered = world["b"]["delivered"]
    delivered.refresh_from_db()
    partnership = world["partnership"]
    partnership.refresh_from_db()
    return {
        "contestant": (contestant.has_consent(), contestant.withdrawn_at),
        "wish": Wish.objects.get(pk=world["b"]["wish"].pk).status,
        "received": delivered.received_at,
        "swap": delivered.status,
        "partnership": partnership.status,
        "members": PartnershipMember.objects.filter(partnership=partnership).count(),
        "task": Task.objects.get(pk=world["task"].pk).status,
        "attachments": Attachment.objects.count(),
        "judges": JudgeAssignment.objects.filter(excluded_at=None).count(),
        "invited_active": world["invited"].__class__.objects.get(pk=world["invited"].pk).is_active,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_every_url_lets_in_exactly_the_personas_its_rule_names(persona_client, world, request):
    persona = request.node.callspec.params["persona_client"]
    before = _state(world)
    wrong = []
    for name, rule in sorted(RULES.items()):
        url = reverse(name, kwargs=KWARGS[name](world))
        allowed = persona in rule.allowed
        if rule.kind == ACTION:
            got = persona_client.get(url).status_code
            if got != 405:
                wrong.append((name, "GET of an action", got))
            if not allowed:
                response = persona_client.post(url)
                if not _refused(persona, response):
                    wrong.append((name, "POST not refused", response.status_code))
            continue
        response = persona_client.get(url)
        if allowed:
            expected = rule.status.get(persona, 200)
            if response.status_code != expected:
                wrong.append((name, f"GET expected {expected}", response.status_code))
            elif response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
                wrong.append((name, "GET sent to the login page", response.status_code))
        else:
            if not _refused(persona, response):
                wrong.append((name, "GET not refused", response.status_code))
            elif "Egen" in response.content.decode(errors="replace"):
                wrong.append((name, "a refusal shows a child's name", response.status_code))
            response = persona_client.post(url)
            if not (_refused(persona, response) or response.status_code == 405):
                wrong.append((name, "POST not refused", response.status_code))
    assert not wrong, wrong
    assert _state(world) == before, "a refused request changed something"
