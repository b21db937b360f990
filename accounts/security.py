"""Login throttling (django-axes): the lockout answer, in Thai, for pages and the API."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

LOCKOUT_MESSAGE = (
    "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินกำหนด บัญชีนี้ถูกระงับการเข้าสู่ระบบชั่วคราว "
    "กรุณารอ {minutes} นาทีแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบ"
)


def _minutes() -> int:
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    return int(cooloff.total_seconds() // 60) if cooloff else 0


def lockout_response(request, original_response=None, credentials=None):
    message = LOCKOUT_MESSAGE.format(minutes=_minutes())
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    body = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8">'
        "<title>ระงับการเข้าสู่ระบบชั่วคราว</title></head>"
        f'<body><main><h1>ระงับการเข้าสู่ระบบชั่วคราว</h1><p role="alert">{escape(message)}</p>'
        '<p><a href="/accounts/login/">กลับไปหน้าเข้าสู่ระบบ</a></p></main></body></html>'
    )
    return HttpResponse(body, status=429, content_type="text/html; charset=utf-8")


try:
    from axes.backends import AxesStandaloneBackend
except ImportError:  # pragma: no cover
    AxesStandaloneBackend = object


class AxesBackend(AxesStandaloneBackend):
    """django-axes' lockout check; calls without a request (shell, test client) are skipped.

    Every login form and the API token view pass the request, so throttling covers them all.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
