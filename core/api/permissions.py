"""Object scope for the API: reads are filtered by ``accounts.scope``; writes are checked here.

A viewset names the rule with two hooks (both may consult ``accounts.scope`` only):

- ``may_write(request) -> bool``: a coarse "could this user ever write here?" (executives and
  roles without write rights get 403 before their payload is even read);
- ``can_write_object(request, obj) -> bool``: the per-object rule for update/delete and for the
  custom actions. Creates are checked by the viewset once the parent (plan, unit, KPI) is
  resolved from the payload, with ``can_create(request, validated_data)``.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .exceptions import MSG_PERMISSION


class ScopedPermission(BasePermission):
    message = MSG_PERMISSION

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in SAFE_METHODS or getattr(view, "read_only_action", False):
            return True
        may_write = getattr(view, "may_write", None)
        return True if may_write is None else bool(may_write(request))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "read_only_action", False):
            return True
        check = getattr(view, "can_write_object", None)
        return True if check is None else bool(check(request, obj))
