from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class DefaultLanguageLocaleMiddleware(LocaleMiddleware):
    """Serve Danish unless the user picked another language with the switcher.

    Django's LocaleMiddleware follows the browser's Accept-Language header, which
    would show English to a Danish librarian on an English-language PC. Here only
    the language cookie set by the switcher counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
