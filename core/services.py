"""Small helpers the apps' service functions share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models


def apply_fields(instance: models.Model, fields: Mapping[str, object]) -> models.Model:
    """Set plain attributes (not many-to-many) on an instance."""
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def clean_and_save(instance: models.Model, *, exclude: Iterable[str] = ()) -> models.Model:
    """``full_clean`` (model rules and constraints, Thai messages) then save."""
    instance.full_clean(exclude=list(exclude))
    instance.save()
    return instance
