from decimal import Decimal

from rest_framework import serializers

from core.api.fields import PeriodField, UnitRefField
from core.api.mixins import VersionedSerializerMixin
from core.fiscal import period_in_fiscal_year
from kpis.api.serializers import NodeCodesField, PolicyCodesField, resolve_nodes, resolve_policies
from kpis.models import Kpi
from plans.models import Plan
from projects import services
from projects.models import (
    STATUSES_WITH_AMOUNT,
    BudgetCategory,
    BudgetStatus,
    ExpenseClass,
    Project,
)


class BudgetLineSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=2400, max_value=2700, help_text="ปี พ.ศ.")
    amount = serializers.DecimalField(
        max_digits=15,
        decimal_places=2,
        min_value=Decimal(0),
        allow_null=True,
        required=False,
        help_text='บาท เป็นข้อความทศนิยม 2 ตำแหน่ง; null = ไม่มีตัวเลข (ไม่ใช่ 0) / "1227200.00"',
    )
    status = serializers.ChoiceField(choices=BudgetStatus.choices, default=BudgetStatus.AMOUNT)
    category = serializers.ChoiceField(
        choices=BudgetCategory.choices, allow_blank=True, required=False, default=""
    )
    source = serializers.CharField(
        source="source_th", max_length=255, allow_blank=True, required=False, default=""
    )
    note_th = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")

    def validate(self, attrs):
        amount, status = attrs.get("amount"), attrs.get("status", BudgetStatus.AMOUNT)
        if status in STATUSES_WITH_AMOUNT and amount is None:
            raise serializers.ValidationError({"amount": ["กรุณาระบุจำนวนเงิน"]})
        if status not in STATUSES_WITH_AMOUNT and amount is not None:
            label = BudgetStatus(status).label
            raise serializers.ValidationError({"amount": [f"สถานะ “{label}” ต้องไม่ระบุจำนวนเงิน"]})
        return attrs


class WorkStepSerializer(serializers.Serializer):
    order = serializers.IntegerField(min_value=1)
    name_th = serializers.CharField()
    weight = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )
    planned_months = serializers.ListField(child=PeriodField(), required=False, default=list)


class PrimaryKpiField(serializers.PrimaryKeyRelatedField):
    """The project's primary KPI (one of ``kpis``), read from the prefetched links."""

    def get_attribute(self, instance):
        return next((link.kpi for link in instance.kpi_links.all() if link.is_primary), None)


class ProjectSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    owner_units = UnitRefField(many=True, required=False)
    kpis = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Kpi.objects.all(),
        required=False,
        help_text="id ของตัวชี้วัดในแผนเดียวกัน",
    )
    primary_kpi = PrimaryKpiField(queryset=Kpi.objects.all(), allow_null=True, required=False)
    nodes = NodeCodesField(required=False, help_text="รหัสหัวข้อยุทธศาสตร์ที่เชื่อมโยง")
    policies = PolicyCodesField(required=False, help_text="รหัสนโยบายผู้ว่าฯ เช่น 099")
    expense_class = serializers.PrimaryKeyRelatedField(
        queryset=ExpenseClass.objects.all(), allow_null=True, required=False
    )
    strategy_codes = serializers.ListField(
        child=serializers.RegexField(r"^\d{6}$", error_messages={"invalid": "ต้องเป็นตัวเลข 6 หลัก"}),
        required=False,
    )
    budget_lines = BudgetLineSerializer(many=True, required=False)
    steps = WorkStepSerializer(many=True, required=False)

    class Meta:
        model = Project
        fields = [
            "id",
            "plan",
            "code",
            "strategy_codes",
            "name_th",
            "kind",
            "part",
            "priority",
            "owner_units",
            "owner_text",
            "kpis",
            "primary_kpi",
            "nodes",
            "policies",
            "is_integrated",
            "flag_marks",
            "status_note",
            "expense_class",
            "work_area_th",
            "description_th",
            "order",
            "budget_lines",
            "steps",
            "version",
        ]
        validators = []

    def validate(self, attrs):
        errors = {}
        instance = self.instance
        plan = attrs.get("plan", getattr(instance, "plan", None))
        if instance is not None and "plan" in attrs and attrs["plan"].pk != instance.plan_id:
            errors["plan"] = ["ย้ายโครงการไปแผนอื่นไม่ได้"]
        if plan is not None:
            code = attrs.get("code")
            if code is not None:
                clash = Project.objects.filter(plan=plan, code=code)
                if instance is not None:
                    clash = clash.exclude(pk=instance.pk)
                if clash.exists():
                    errors["code"] = ["รหัสโครงการนี้มีอยู่แล้วในแผน"]
            kpis = attrs.get("kpis")
            if kpis is not None and any(k.plan_id != plan.pk for k in kpis):
                errors["kpis"] = ["ตัวชี้วัดต้องอยู่ในแผนเดียวกับโครงการ"]
            primary = attrs.get("primary_kpi")
            if primary is not None:
                listed = kpis if kpis is not None else list(instance.kpis.all()) if instance else []
                if primary.pk not in {k.pk for k in listed}:
                    errors["primary_kpi"] = ["ตัวชี้วัดหลักต้องอยู่ในรายการตัวชี้วัดของโครงการ"]
            if "nodes" in attrs:
                attrs["nodes"], missing = resolve_nodes(plan, attrs["nodes"])
                if missing:
                    errors["nodes"] = [f"ไม่พบหัวข้อยุทธศาสตร์รหัส {', '.join(missing)}"]
            step_errors = []
            for step in attrs.get("steps") or []:
                outside = [
                    m
                    for m in step["planned_months"]
                    if not period_in_fiscal_year(m, plan.fiscal_year)
                ]
                step_errors.append(
                    {
                        "planned_months": [
                            f"เดือน {', '.join(outside)} อยู่นอกปีงบประมาณ {plan.fiscal_year}"
                        ]
                    }
                    if outside
                    else {}
                )
            if any(step_errors):
                errors["steps"] = step_errors
            orders = [s["order"] for s in attrs.get("steps") or []]
            if len(orders) != len(set(orders)):
                errors["steps"] = ["ลำดับขั้นตอนซ้ำกัน"]
        if "policies" in attrs:
            attrs["policies"], missing = resolve_policies(attrs["policies"])
            if missing:
                errors["policies"] = [f"ไม่พบนโยบายรหัส {', '.join(missing)}"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _children(self, validated_data) -> dict:
        keys = ("owner_units", "nodes", "policies", "kpis", "primary_kpi", "budget_lines", "steps")
        return {key: validated_data.pop(key) for key in keys if key in validated_data}

    def create(self, validated_data):
        validated_data.pop("version", None)
        children = self._children(validated_data)
        return services.project_create(**validated_data, **children)

    def update(self, instance, validated_data):
        validated_data.pop("plan", None)
        children = self._children(validated_data)
        return services.project_update(project=instance, data=validated_data, **children)
