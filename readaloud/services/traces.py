"""The traces a child leaves outside its own rows, and how erasure scrubs them.

A reader's name is copied into more places than the ``Contestant`` row: the audit log
(django-auditlog, also for rows since deleted), the Django admin's own log ("Recent
actions"), the jury's free-text notes and queued e-mails. ``traces_scrub`` finds them by
the objects that belonged to the child (content type + primary key) and by the child's
names, and replaces the names with ``***``.
"""

import re
from collections.abc import Iterable

from auditlog.models import LogEntry as AuditEntry
from django.contrib.admin.models import LogEntry as AdminEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

REDACTED = "***"

# How many names go into one ``icontains`` query (a purge may erase hundreds of readers).
NAME_CHUNK = 50


def child_names(*values: str) -> set[str]:
    """Return the name strings worth looking for: non-empty and longer than one letter."""
    return {value.strip() for value in values if value and len(value.strip()) > 1}


def _name_pattern(names: Iterable[str]) -> re.Pattern | None:
    """Return one pattern for ``names`` in any case and inflection.

    Danish and English inflect a name only with the genitive: "Bertils", "Hans'",
    "Bertil's". Longer names first, so "Anne Marie" wins over "Anne".
    """
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:'s|s'|s|')?(?!\w)", re.IGNORECASE)


def redact(text: str, names: Iterable[str]) -> str:
    """Return ``text`` with every one of ``names`` (any case, genitive too) replaced by ***."""
    pattern = _name_pattern(names)
    if pattern is None or not text:
        return text
    return pattern.sub(REDACTED, text)


def _redact_value(value, pattern: re.Pattern):
    """Redact every string inside a JSON-like value."""
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, list):
        return [_redact_value(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _redact_value(item, pattern) for key, item in value.items()}
    return value


def _name_query(field_names: list[str], names: list[str]) -> Iterable[Q]:
    """Yield one OR-query per chunk of names over ``field_names`` (icontains)."""
    for start in range(0, len(names), NAME_CHUNK):
        query = Q()
        for name in names[start : start + NAME_CHUNK]:
            for field in field_names:
                query |= Q(**{f"{field}__icontains": name})
        yield query


def _objects_query(objects: dict[type[Model], Iterable], *, pk_field: str) -> Q:
    query = Q(pk__in=[])
    for model, pks in objects.items():
        pks = [str(pk) for pk in pks]
        if pks:
            query |= Q(
                content_type=ContentType.objects.get_for_model(model), **{f"{pk_field}__in": pks}
            )
    return query


def _scrub_audit_log(
    objects: dict[type[Model], Iterable],
    pattern: re.Pattern | None,
    personal_fields: dict[type[Model], list[str]],
    labels: dict[type[Model], str],
) -> None:
    """Scrub the django-auditlog entries of the child's objects (deleted ones too)."""
    types = {ContentType.objects.get_for_model(model).pk: model for model in objects}
    for entry in AuditEntry.objects.filter(_objects_query(objects, pk_field="object_pk")):
        model = types[entry.content_type_id]
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in personal_fields.get(model, []):
            if name in changes:
                changes[name] = [REDACTED, REDACTED]
        if pattern is not None:
            changes = _redact_value(changes, pattern)
            entry.additional_data = _redact_value(entry.additional_data, pattern)
        entry.changes = changes
        entry.changes_text = ""
        entry.serialized_data = None
        if model in labels:
            entry.object_repr = labels[model]
        elif pattern is not None:
            entry.object_repr = pattern.sub(REDACTED, entry.object_repr)
        entry.save(
            update_fields=[
                "changes",
                "changes_text",
                "serialized_data",
                "object_repr",
                "additional_data",
            ]
        )


def _scrub_admin_log(
    objects: dict[type[Model], Iterable],
    names: list[str],
    pattern: re.Pattern | None,
    labels: dict[type[Model], str],
) -> None:
    """Scrub the Django admin's log ("Recent actions"): by object, then by name."""
    types = {ContentType.objects.get_for_model(model).pk: model for model in objects}
    queries = [_objects_query(objects, pk_field="object_id")]
    queries += list(_name_query(["object_repr", "change_message"], names))
    seen = set()
    for query in queries:
        for entry in AdminEntry.objects.filter(query).exclude(pk__in=seen):
            seen.add(entry.pk)
            model = types.get(entry.content_type_id)
            if model in labels and entry.object_id in {str(pk) for pk in objects[model]}:
                entry.object_repr = labels[model]
            elif pattern is not None:
                entry.object_repr = pattern.sub(REDACTED, entry.object_repr)
            if pattern is not None:
                entry.change_message = pattern.sub(REDACTED, entry.change_message)
            entry.save(update_fields=["object_repr", "change_message"])


def _scrub_outbox(names: list[str], pattern: re.Pattern | None) -> None:
    """Take the names out of e-mails in the outbox (queued, sent or failed)."""
    from post_office.models import Email

    if pattern is None:
        return
    for query in _name_query(["subject", "message", "html_message"], names):
        for email in Email.objects.filter(query):
            email.subject = pattern.sub(REDACTED, email.subject or "")
            email.message = pattern.sub(REDACTED, email.message or "")
            email.html_message = pattern.sub(REDACTED, email.html_message or "")
            email.save(update_fields=["subject", "message", "html_message"])


def traces_scrub(
    *,
    objects: dict[type[Model], Iterable],
    names: set[str],
    full_names: set[str],
    personal_fields: dict[type[Model], list[str]] | None = None,
    labels: dict[type[Model], str] | None = None,
) -> None:
    """Remove ``names`` and the personal fields of ``objects`` from every log and the outbox.

    1. django-auditlog: every entry of one of ``objects`` (by content type and primary
       key, so entries of deleted rows too): the personal fields become ***, every other
       occurrence of a name too; the serialized copy is dropped.
    2. The admin's log: entries of ``objects`` and any entry that mentions a full name.
    3. The outbox: e-mails that mention a full name.

    Entries and e-mails are found by ``full_names`` (so a queued mail to a colleague who
    shares a child's first name is left alone); in what is found every one of ``names``
    is redacted.

    ``labels`` replace an object's own text (e.g. "Anonymised reader" for the contestant).
    """
    pattern = _name_pattern(names | full_names)
    search = sorted(full_names)
    labels = labels or {}
    _scrub_audit_log(objects, pattern, personal_fields or {}, labels)
    _scrub_admin_log(objects, search, pattern, labels)
    _scrub_outbox(search, pattern)
