"""Token authentication endpoints: obtain (POST) and revoke (DELETE) ``/api/v1/auth/token/``."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import ApiToken
from accounts.tokens import HashedTokenAuthentication, issue_token

MSG_BAD_CREDENTIALS = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="ส่งในหัว Authorization: Token <key>")


class AuthTokenView(APIView):
    """POST: exchange a username and password for a token; DELETE: revoke your token.

    Tokens are stored hashed (``accounts.tokens``), so each POST issues a new key; DELETE
    revokes the token that authenticated the request (every token of the user under a session).
    Failed attempts count towards the django-axes lockout like the login page.
    """

    def get_authenticators(self):
        if getattr(self, "request", None) is not None and self.request.method == "POST":
            return []
        return [HashedTokenAuthentication(), SessionAuthentication()]

    def get_permissions(self):
        if getattr(self, "request", None) is not None and self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        auth=[],
        summary="ขอ token ด้วยชื่อผู้ใช้และรหัสผ่าน / obtain a token",
    )
    def post(self, request):
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=body.validated_data["username"],
            password=body.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [MSG_BAD_CREDENTIALS]})
        return Response({"token": issue_token(user)})

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="ยกเลิก token แล้ว / token revoked")},
        summary="ยกเลิก token ของผู้ใช้ปัจจุบัน / revoke your token",
    )
    def delete(self, request):
        if isinstance(request.auth, ApiToken):
            ApiToken.objects.filter(pk=request.auth.pk).delete()
        else:
            ApiToken.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
