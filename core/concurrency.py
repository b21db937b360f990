"""Optimistic locking: a write names the version it read; a stale one is refused."""

from django.db import models
from django.db.models import F

from .exceptions import ConflictError


def update_with_version(
    instance: models.Model, *, expected_version: int, fields: dict[str, object]
) -> models.Model:
    """Write ``fields`` only if the row still has ``expected_version``; bump the version.

    One conditional UPDATE, so two concurrent writers cannot both win. Raises
    ``ConflictError`` with the current version when the row moved on.
    """
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        **fields, version=F("version") + 1
    )
    if not updated:
        current = model.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise ConflictError(current_version=current or 0)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1
    return instance


def check_version(instance: models.Model, *, expected_version: int) -> None:
    """Lock the row and compare versions before a multi-table write (caller is atomic)."""
    current = (
        type(instance)
        .objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current != expected_version:
        raise ConflictError(current_version=current or 0)


def bump_version(instance: models.Model) -> None:
    type(instance).objects.filter(pk=instance.pk).update(version=F("version") + 1)
    instance.refresh_from_db(fields=["version"])
