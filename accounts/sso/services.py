"""Who a provider's user is here: create or update the user and its roles from the claims.

The caller (``accounts.sso.adapter``) has already matched the login to a linked
account by the provider's subject; these functions only read the claims.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import User
from accounts.roles import Role
from config.sso import KIND_STAFF

INSTITUTION_ROLES = frozenset({Role.PARTNER_MEMBER, Role.KINDERGARTEN_STAFF})


# Refusals that mean the provider no longer gives the user a role here.
ROLE_REFUSALS = frozenset(
    {"no_role", "unknown_institution", "inactive_partner", "institution_kind", "user_type"}
)


class SSORefused(Exception):
    """A provider login this app will not accept; ``code`` says why (see the refusal page)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def provider_config(provider_id: str) -> dict:
    """Return the claim settings of ``provider_id`` (see ``config.sso``)."""
    return settings.SSO_PROVIDERS[provider_id]


def managed_roles(config: dict) -> frozenset[str]:
    """Return the roles a provider decides; the others are left to the administrators."""
    if config["kind"] == KIND_STAFF:
        return frozenset(role for names in config["role_map"].values() for role in names)
    return INSTITUTION_ROLES


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def staff_roles(config: dict, claims: dict) -> set[str]:
    """Return the roles the groups in ``claims`` map to (may be empty)."""
    groups = _as_list(claims.get(config["groups_claim"]))
    return {role for group in groups for role in config["role_map"].get(group, [])}


def institution_partner_and_role(config: dict, claims: dict):
    """Return (partner, role) for a Unilogin-style login, or raise SSORefused.

    The institution claim may list several institutions; the first one that is a
    known, active school or kindergarten wins.
    """
    user_type = claims.get(config["user_type_claim"])
    numbers = _as_list(claims.get(config["institution_claim"]))
    if not user_type:
        raise SSORefused("missing_claim", claim=config["user_type_claim"])
    if not numbers:
        raise SSORefused("missing_claim", claim=config["institution_claim"])
    if str(user_type) not in config["user_types"]:
        raise SSORefused("user_type")
    # accounts does not import partnerships (it depends on accounts); ask the relation.
    partner_model = User._meta.get_field("partner").related_model
    partners = {
        p.institution_number: p
        for p in partner_model.objects.filter(institution_number__in=numbers)
    }
    known = [partners[number] for number in numbers if number in partners]
    if not known:
        raise SSORefused("unknown_institution", number=numbers[0])
    active = [partner for partner in known if partner.active]
    if not active:
        raise SSORefused("inactive_partner", partner=known[0].name)
    kind_role = {
        partner_model.Kind.KINDERGARTEN: Role.KINDERGARTEN_STAFF,
        partner_model.Kind.SCHOOL: Role.PARTNER_MEMBER,
    }
    for partner in active:
        if partner.kind in kind_role:
            return partner, kind_role[partner.kind]
    raise SSORefused("institution_kind", partner=active[0].name)


def _email_for(provider_id: str, uid: str, claims: dict, config: dict) -> str:
    email = User.objects.normalize_email(claims.get(config["email_claim"]))
    if email:
        return email
    # Unilogin need not share an e-mail address; the login needs a unique one.
    digest = hashlib.sha256(f"{provider_id}:{uid}".encode()).hexdigest()[:20]
    return f"{provider_id}-{digest}@sso.invalid"


@transaction.atomic
def sso_user_sync(*, provider_id: str, uid: str, claims: dict, user: User | None) -> User:
    """Return the user of a provider login, created or updated, with its roles re-read.

    ``user`` is the account already linked to (provider, subject), or None on the
    first login. Raises SSORefused when the claims do not give a role here.
    """
    config = provider_config(provider_id)
    partner = None
    if config["kind"] == KIND_STAFF:
        if not claims.get(config["email_claim"]):
            raise SSORefused("missing_claim", claim=config["email_claim"])
        granted = staff_roles(config, claims)
        if not granted:
            raise SSORefused("no_role")
    else:
        partner, role = institution_partner_and_role(config, claims)
        granted = {role}
    email = _email_for(provider_id, uid, claims, config)
    full_name = str(claims.get(config["name_claim"]) or "").strip()[:150]
    if user is None:
        if User.objects.filter(email__iexact=email).exists():
            raise SSORefused("email_taken", email=email)
        user = User.objects.create_user(email, None, full_name=full_name or email)
    else:
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise SSORefused("inactive_user")
        if email != user.email and not User.objects.filter(email__iexact=email).exists():
            user.email = email
        user.full_name = full_name or user.full_name
    managed = managed_roles(config)
    if partner is not None:
        user.partner = partner
    if Role.ADMINISTRATOR in managed:
        user.is_staff = Role.ADMINISTRATOR in granted
    user.save()
    _roles_set(user=user, managed=managed, granted=granted)
    return user


@transaction.atomic
def sso_roles_revoke(*, provider_id: str, user: User) -> None:
    """Take away the roles ``provider_id`` decides, after it no longer gives ``user`` any.

    Sessions the user still has elsewhere lose those pages on their next request.
    """
    managed = managed_roles(provider_config(provider_id))
    if Role.ADMINISTRATOR in managed and user.is_staff:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    _roles_set(user=user, managed=managed, granted=set())


def _roles_set(*, user: User, managed: frozenset[str], granted: set[str]) -> None:
    """Give ``user`` the ``granted`` roles and take away the other ``managed`` ones."""
    current = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    if current - granted:
        user.groups.remove(*Group.objects.filter(name__in=current - granted))
    for name in granted - current:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    roles.clear_cache(user)
