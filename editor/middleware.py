"""Thai by default: the interface language comes from the user's choice (the language cookie
set by the English/ภาษาไทย switch), never from the browser's Accept-Language header."""


class ThaiByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
