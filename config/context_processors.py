from django.conf import settings


def site(request):
    """Expose the library's name and contact details to every template."""
    return {
        "library_name": settings.LIBRARY_NAME,
        "library_contact_email": settings.LIBRARY_CONTACT_EMAIL,
        "library_contact_phone": settings.LIBRARY_CONTACT_PHONE,
    }
