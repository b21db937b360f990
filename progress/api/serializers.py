from decimal import Decimal

from rest_framework import serializers

from core.api.fields import PeriodField
from core.api.mixins import VersionedSerializerMixin
from core.fiscal import period_in_fiscal_year
from kpis.models import CompositePart, Kpi, ScaleStep
from progress import services
from progress.models import KpiReport, ProjectReport
from projects.models import Project, WorkStep

LEVEL = {
    "max_digits": 4,
    "decimal_places": 2,
    "min_value": Decimal(0),
    "max_value": Decimal(5),
    "allow_null": True,
    "required": False,
}


class StepDoneSerializer(serializers.Serializer):
    order = serializers.IntegerField(min_value=1, help_text="ลำดับขั้นตอนในเกณฑ์ / step order")
    done_on = serializers.DateField(allow_null=True, required=False)
    part = serializers.IntegerField(
        allow_null=True, required=False, help_text="ส่วนที่ (เฉพาะตัวชี้วัดประกอบ)"
    )


class PartResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(min_value=1)
    actual_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True, required=False
    )
    level = serializers.DecimalField(**LEVEL)


class StepsDoneField(serializers.ListField):
    child = StepDoneSerializer()

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        return [
            {
                "order": row.step.order,
                "done_on": row.done_on.isoformat() if row.done_on else None,
                "part": row.step.part.index if row.step.part_id else None,
            }
            for row in sorted(
                report.steps_done.all(), key=lambda r: (r.step.part_id or 0, r.step.order)
            )
        ]


class PartsField(serializers.ListField):
    child = PartResultSerializer()

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        return [
            {
                "index": row.part.index,
                "actual_value": None if row.actual_value is None else f"{row.actual_value:.4f}",
                "level": None if row.level is None else f"{row.level:.2f}",
            }
            for row in sorted(report.parts.all(), key=lambda r: r.part.index)
        ]


class ReportSerializerBase(VersionedSerializerMixin, serializers.ModelSerializer):
    period = PeriodField()

    def _plan(self, attrs, parent_name):
        parent = attrs.get(parent_name, getattr(self.instance, parent_name, None))
        return parent, (parent.plan if parent is not None else None)

    def _common_errors(self, attrs, parent_name, model) -> dict:
        errors = {}
        parent, plan = self._plan(attrs, parent_name)
        if (
            self.instance is not None
            and parent_name in attrs
            and (attrs[parent_name].pk != getattr(self.instance, f"{parent_name}_id"))
        ):
            errors[parent_name] = ["ย้ายรายงานไปรายการอื่นไม่ได้"]
        period = attrs.get("period", getattr(self.instance, "period", None))
        if plan is not None and period is not None:
            if not period_in_fiscal_year(period, plan.fiscal_year):
                errors["period"] = [f"งวด {period} ไม่อยู่ในปีงบประมาณ {plan.fiscal_year} ของแผน"]
            else:
                clash = model.objects.filter(**{parent_name: parent, "period": period})
                if self.instance is not None:
                    clash = clash.exclude(pk=self.instance.pk)
                if clash.exists():
                    errors["period"] = ["มีรายงานของเดือนนี้อยู่แล้ว"]
        return errors


class KpiReportSerializer(ReportSerializerBase):
    kpi = serializers.PrimaryKeyRelatedField(queryset=Kpi.objects.select_related("plan"))
    level = serializers.DecimalField(
        **LEVEL,
        help_text="0–5: ผู้ประเมินเลือกสำหรับ rubric/manual; ระบบคำนวณสำหรับ bands/points",
    )
    steps_done = StepsDoneField(required=False, help_text="ขั้นตอนที่ทำเสร็จ (เกณฑ์แบบขั้นตอน)")
    parts = PartsField(required=False, help_text="ผลของแต่ละส่วน (ตัวชี้วัดประกอบ)")

    class Meta:
        model = KpiReport
        fields = [
            "id",
            "kpi",
            "period",
            "actual_value",
            "actual_text",
            "level",
            "steps_done",
            "parts",
            "score",
            "narrative_th",
            "problems_th",
            "suggestions_th",
            "status",
            "review_comment_th",
            "submitted_at",
            "verified_at",
            "version",
        ]
        read_only_fields = ["score", "status", "review_comment_th", "submitted_at", "verified_at"]
        validators = []

    def validate(self, attrs):
        errors = self._common_errors(attrs, "kpi", KpiReport)
        kpi = attrs.get("kpi", getattr(self.instance, "kpi", None))
        if kpi is not None and "steps_done" in attrs:
            steps = {
                (s.part.index if s.part_id else None, s.order): s
                for s in ScaleStep.objects.filter(kpi=kpi).select_related("part")
            }
            resolved, missing = [], []
            for item in attrs["steps_done"]:
                step = steps.get((item.get("part"), item["order"]))
                if step is None:
                    missing.append(str(item["order"]))
                else:
                    resolved.append({"step": step, "done_on": item.get("done_on")})
            if missing:
                errors["steps_done"] = [f"ไม่พบขั้นตอนที่ {', '.join(missing)} ในเกณฑ์ของตัวชี้วัด"]
            elif len({r["step"].pk for r in resolved}) != len(resolved):
                errors["steps_done"] = ["ขั้นตอนซ้ำกัน"]
            attrs["steps_done"] = resolved
        if kpi is not None and "parts" in attrs:
            parts = {p.index: p for p in CompositePart.objects.filter(kpi=kpi)}
            resolved, missing = [], []
            for item in attrs["parts"]:
                part = parts.get(item["index"])
                if part is None:
                    missing.append(str(item["index"]))
                else:
                    resolved.append({**item, "part": part})
            if missing:
                errors["parts"] = [f"ไม่พบส่วนที่ {', '.join(missing)} ของตัวชี้วัดประกอบ"]
            elif len({r["part"].pk for r in resolved}) != len(resolved):
                errors["parts"] = ["ส่วนซ้ำกัน"]
            attrs["parts"] = resolved
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        user = self.context["request"].user
        return services.kpi_report_create(user=user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("kpi", None)
        steps_done = validated_data.pop("steps_done", None)
        parts = validated_data.pop("parts", None)
        return services.kpi_report_update(
            report=instance, data=validated_data, steps_done=steps_done, parts=parts
        )


class WorkStepOrdersField(serializers.ListField):
    """``steps_done`` of a project report: the orders of the work steps done."""

    child = serializers.IntegerField(min_value=1)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, report):
        return sorted(step.order for step in report.steps_done.all())


class ProjectReportSerializer(ReportSerializerBase):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.select_related("plan"))
    steps_done = WorkStepOrdersField(
        required=False, help_text="ลำดับของขั้นตอนที่ทำเสร็จ / orders of the steps done"
    )
    progress_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        read_only=True,
        help_text="ผลรวมร้อยละของขั้นตอนที่ทำเสร็จ (คำนวณ) / derived from the steps done",
    )

    class Meta:
        model = ProjectReport
        fields = [
            "id",
            "project",
            "period",
            "steps_done",
            "progress_percent",
            "disbursed",
            "narrative_th",
            "status",
            "review_comment_th",
            "submitted_at",
            "verified_at",
            "version",
        ]
        read_only_fields = ["status", "review_comment_th", "submitted_at", "verified_at"]
        extra_kwargs = {"disbursed": {"min_value": Decimal(0)}}
        validators = []

    def validate(self, attrs):
        errors = self._common_errors(attrs, "project", ProjectReport)
        project = attrs.get("project", getattr(self.instance, "project", None))
        if project is not None and "steps_done" in attrs:
            steps = {s.order: s for s in WorkStep.objects.filter(project=project)}
            missing = [str(o) for o in attrs["steps_done"] if o not in steps]
            if missing:
                errors["steps_done"] = [f"ไม่พบขั้นตอนที่ {', '.join(missing)} ของโครงการ"]
            attrs["steps_done"] = [
                steps[o] for o in dict.fromkeys(attrs["steps_done"]) if o in steps
            ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        user = self.context["request"].user
        return services.project_report_create(user=user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("project", None)
        steps_done = validated_data.pop("steps_done", None)
        return services.project_report_update(
            report=instance, data=validated_data, steps_done=steps_done
        )


class ReportStatusSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="version ที่อ่านมาล่าสุด")
    comment_th = serializers.CharField(
        required=False, allow_blank=True, help_text="ความเห็นผู้ตรวจสอบ (เมื่อส่งกลับ/ตรวจสอบ)"
    )
