"""The fast list representation of KPIs equals the serializer's, for every scale kind."""

import json
from pathlib import Path

import pytest

from kpis.api.serializers import KpiSerializer, kpi_representation
from kpis.api.views import KpiViewSet
from kpis.models import Kpi
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


def test_nodes_of_two_frameworks_keep_the_serializer_order():
    """A KPI linked to nodes of the plan's framework and of a related one (Part 2)."""
    assert import_plan_document(document=build_document()).ok
    from frameworks.models import FrameworkNode

    kpi = KpiViewSet.queryset.first()
    other = FrameworkNode.objects.exclude(framework=kpi.plan.framework).first()
    assert other is not None
    kpi.nodes.add(other, *FrameworkNode.objects.filter(framework=kpi.plan.framework)[:2])
    page = list(Kpi.objects.filter(pk=kpi.pk))
    from kpis.api.views import attach_kpi_children

    attach_kpi_children(page)
    fresh = KpiViewSet.queryset.get(pk=kpi.pk)
    assert kpi_representation(page[0])["nodes"] == KpiSerializer().to_representation(fresh)["nodes"]
