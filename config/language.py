"""Danish unless the user chose otherwise. Django's LocaleMiddleware would follow the browser's
Accept-Language, and many municipal PCs run an English browser: the service is Danish first, so
only the language the user picked in the footer (the language cookie) changes it."""

from django.conf import settings
from django.utils import translation


def language_middleware(get_response):
    languages = dict(settings.LANGUAGES)

    def middleware(request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response

    return middleware
