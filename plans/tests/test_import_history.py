"""The change history records who ran an import (the ``user`` argument)."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from plans.interchange.importer import import_plan_document

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("audit"), reason="audit app not installed"),
]


def test_import_events_carry_the_user(document):
    user = get_user_model().objects.create_user("importer")

    assert import_plan_document(document=document, user=user).ok

    from audit.models import KpiEvent

    contexts = {
        (e.pgh_context.metadata.get("user"), e.pgh_context.metadata.get("source"))
        for e in KpiEvent.objects.select_related("pgh_context")
    }
    assert contexts == {(user.pk, "import_plan")}
