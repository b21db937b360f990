"""Security audit log: logins, logouts, failed logins and every change of a user's rights.

Role changes are caught on ``Membership`` itself (``accounts.services.grant_role`` /
``revoke_role`` and the admin alike), group changes on ``User.groups`` and superuser/staff
flags on the user row. The actor is the request's user, taken from pghistory's context (set by
``pghistory.middleware.HistoryMiddleware``) when there is one.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.models import Membership

from .models import SecurityEvent, SecurityEventKind

User = get_user_model()


def _ip(request) -> str | None:
    if request is None:
        return None
    request = getattr(request, "_request", request)
    return request.META.get("REMOTE_ADDR") or None


def _actor_id():
    try:
        from pghistory import runtime

        tracker = getattr(runtime._tracker, "value", None)
        user = tracker.metadata.get("user") if tracker is not None else None
        return int(user) if user else None
    except Exception:  # pragma: no cover - best effort only
        return None


def record(kind: str, *, user=None, username: str = "", request=None, **detail) -> SecurityEvent:
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        username=(username or getattr(user, "username", "") or "")[:150],
        actor_id=_actor_id(),
        ip_address=_ip(request),
        detail=detail,
    )


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    record(SecurityEventKind.LOGIN, user=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(SecurityEventKind.LOGOUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in ``credentials``; only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    record(SecurityEventKind.LOGIN_FAILED, username=username, request=request)


@receiver(post_save, sender=Membership, dispatch_uid="audit-role-granted")
def _role_granted(sender, instance, created, **kwargs):
    if created:
        record(
            SecurityEventKind.ROLE_GRANTED,
            user=instance.user,
            role=instance.role,
            org_unit=instance.org_unit_id,
        )


@receiver(post_delete, sender=Membership, dispatch_uid="audit-role-revoked")
def _role_revoked(sender, instance, **kwargs):
    record(
        SecurityEventKind.ROLE_REVOKED,
        user=User.objects.filter(pk=instance.user_id).first(),
        role=instance.role,
        org_unit=instance.org_unit_id,
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit-groups")
def _groups_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, User):
        record(
            SecurityEventKind.GROUPS_CHANGED,
            user=instance,
            action=action.removeprefix("post_"),
            groups=sorted(pk_set or []),
        )


@receiver(pre_save, sender=User, dispatch_uid="audit-flags")
def _flags_changed(sender, instance, raw=False, **kwargs):
    update_fields = kwargs.get("update_fields")
    if raw or not instance.pk:
        return
    if update_fields is not None and not {"is_staff", "is_superuser"} & set(update_fields):
        return
    old = User.objects.filter(pk=instance.pk).values("is_staff", "is_superuser").first()
    if old is None:
        return
    changed = {
        flag: [old[flag], getattr(instance, flag)]
        for flag in ("is_staff", "is_superuser")
        if old[flag] != getattr(instance, flag)
    }
    if changed:
        record(SecurityEventKind.FLAGS_CHANGED, user=instance, **changed)
