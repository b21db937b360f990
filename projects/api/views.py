from django.db.models import Prefetch

from frameworks.models import FrameworkNode
from plans.api.views import PlanContentViewSet
from projects import services
from projects.filtersets import ProjectFilterSet
from projects.models import BudgetLine, Project, ProjectKpi, WorkStep

from .serializers import ProjectSerializer


class ProjectViewSet(PlanContentViewSet):
    """โครงการ/กิจกรรมของแผน พร้อมงบประมาณและขั้นตอน / projects with budget lines and steps.

    Writes carry ``version``; ``budget_lines`` and ``steps`` replace the stored lists.
    """

    queryset = Project.objects.select_related("plan__org_unit", "plan__framework").prefetch_related(
        "owner_units",
        "kpis",
        Prefetch("kpi_links", queryset=ProjectKpi.objects.select_related("kpi")),
        Prefetch("nodes", queryset=FrameworkNode.objects.select_related("framework")),
        "policies",
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("fiscal_year", "order")),
        Prefetch("steps", queryset=WorkStep.objects.order_by("order")),
    )
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = ["code", "part", "order", "priority", "plan__fiscal_year"]
    ordering = ["plan", "part", "order"]
    versioned = True

    def perform_destroy(self, instance):
        services.project_delete(project=instance)
