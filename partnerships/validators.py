"""Checks on uploaded files: size and type (by extension and by content)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)

# extension → the magic bytes such a file starts with
ALLOWED_ATTACHMENT_TYPES = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}


def validate_attachment(upload) -> None:
    """Refuse files that are too large or not a PDF, Office document or image."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    extension = Path(upload.name).suffix.lower().lstrip(".")
    signatures = ALLOWED_ATTACHMENT_TYPES.get(extension)
    allowed = ", ".join(sorted(ALLOWED_ATTACHMENT_TYPES))
    if signatures is None:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed types: %(allowed)s."),
            code="type",
            params={"allowed": allowed},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("The file's content does not match its name (.%(extension)s)."),
            code="content",
            params={"extension": extension},
        )
