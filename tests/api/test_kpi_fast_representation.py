"""The fast list representation of KPIs equals the serializer's, for every scale kind."""

import json
from pathlib import Path

import pytest

from kpis.api.serializers import KpiSerializer, kpi_representation
from kpis.api.views import KpiViewSet
from plans.interchange.importer import import_plan_document
from plans.tests.documents import build_document

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "sps-2567.json"


@pytest.mark.parametrize("source", ["synthetic", "seed"])
def test_every_kpi_of_a_document(source):
    document = build_document() if source == "synthetic" else json.loads(FIXTURE.read_text("utf-8"))
    assert import_plan_document(document=document).ok
    kpis = list(KpiViewSet.queryset.all())
    if source == "synthetic":
        kinds = {k.scale_kind for k in kpis}
        assert kinds >= {"rubric", "bands", "points", "steps", "composite", "manual"}
    for kpi in kpis:
        assert kpi_representation(kpi) == KpiSerializer().to_representation(kpi), kpi.code
