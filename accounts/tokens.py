"""API tokens hashed at rest: issue, look up by SHA-256, authenticate, revoke."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken

__all__ = ["HashedTokenAuthentication", "hash_key", "issue_token", "revoke_token"]


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_token(user) -> str:
    """Create a token for *user* and return its key; only the hash is stored."""
    key = secrets.token_hex(20)
    ApiToken.objects.create(user=user, key_hash=hash_key(key), prefix=key[:8])
    return key


def revoke_token(key: str) -> int:
    return ApiToken.objects.filter(key_hash=hash_key(key)).delete()[0]


class HashedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, looked up by the key's SHA-256."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        now = timezone.now()
        if token.last_used is None or now - token.last_used > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token
