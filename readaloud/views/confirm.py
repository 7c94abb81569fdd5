"""The championship's confirmation pages: the toolkit's one pattern under the championship's breadcrumb."""

from django.urls import reverse
from django.utils.translation import gettext as _

from toolkit.confirm import confirm_page as toolkit_confirm_page


def confirm_page(request, **kwargs):
    """Render the shared confirmation page with "Reading aloud" as the first breadcrumb."""
    crumbs = [(reverse("readaloud:championship_list"), _("Reading aloud"))]
    return toolkit_confirm_page(request, breadcrumbs=crumbs, **kwargs)
