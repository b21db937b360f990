from rest_framework import serializers

from core.api.fields import UnitRefField
from core.api.mixins import VersionedSerializerMixin
from frameworks.models import Framework
from plans import services
from plans.models import Component, Plan, PlanSection


class PlanSectionSerializer(serializers.ModelSerializer):
    node = serializers.CharField(
        source="framework_node.code",
        allow_null=True,
        required=False,
        help_text="รหัสหัวข้อยุทธศาสตร์ (ถ้ามี) / node code or null",
    )
    key = serializers.CharField(max_length=60)

    class Meta:
        model = PlanSection
        fields = ["key", "kind", "order", "title_th", "body_html", "table", "node"]
        extra_kwargs = {"order": {"required": False}}


class PlanSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    org_unit = UnitRefField()
    framework = serializers.PrimaryKeyRelatedField(
        queryset=Framework.objects.all(), help_text="id ของกรอบยุทธศาสตร์ / framework id"
    )
    sections = PlanSectionSerializer(
        many=True, required=False, help_text="ส่วนเนื้อหา (แทนที่ทั้งชุดเมื่อส่งมา)"
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "org_unit",
            "fiscal_year",
            "framework",
            "title_th",
            "title_en",
            "slogan_th",
            "status",
            "revision",
            "version",
            "stated_totals",
            "submitted_at",
            "approved_at",
            "sections",
        ]
        read_only_fields = ["status", "revision", "submitted_at", "approved_at"]
        validators = []  # (org_unit, fiscal_year) is checked in validate() with a Thai message

    def validate(self, attrs):
        errors = {}
        instance = self.instance
        if instance is not None:
            for name in ("org_unit", "fiscal_year"):
                if name in attrs and getattr(instance, name) != attrs[name]:
                    errors[name] = ["แก้ไขหน่วยงานหรือปีงบประมาณของแผนที่มีอยู่แล้วไม่ได้"]
        unit = attrs.get("org_unit", getattr(instance, "org_unit", None))
        year = attrs.get("fiscal_year", getattr(instance, "fiscal_year", None))
        framework = attrs.get("framework", getattr(instance, "framework", None))
        if (
            instance is None
            and unit is not None
            and year is not None
            and Plan.objects.filter(org_unit=unit, fiscal_year=year).exists()
        ):
            errors["fiscal_year"] = ["หน่วยงานนี้มีแผนของปีงบประมาณนี้อยู่แล้ว"]
        if framework is not None and year is not None and not framework.covers(year):
            errors["framework"] = ["กรอบยุทธศาสตร์นี้ไม่ได้ใช้กับปีงบประมาณของแผน"]
        sections = attrs.get("sections")
        if sections is not None and framework is not None:
            section_errors = []
            keys = set()
            for section in sections:
                problem = {}
                if section["key"] in keys:
                    problem["key"] = ["รหัสส่วนเนื้อหา (key) ซ้ำกัน"]
                keys.add(section["key"])
                code = (section.pop("framework_node", None) or {}).get("code")
                section["framework_node"] = None
                if code:
                    node = services.node_by_ref(Plan(framework=framework), code)
                    if node is None:
                        problem["node"] = [f"ไม่พบหัวข้อยุทธศาสตร์รหัส «{code}»"]
                    section["framework_node"] = node
                section_errors.append(problem)
            if any(section_errors):
                errors["sections"] = section_errors
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        return services.plan_create(**validated_data)

    def update(self, instance, validated_data):
        sections = validated_data.pop("sections", None)
        return services.plan_update(plan=instance, data=validated_data, sections=sections)


class PlanDetailSerializer(PlanSerializer):
    budget_totals = serializers.SerializerMethodField(
        help_text="ยอดงบประมาณที่คำนวณได้ของปีแผน แยกตามส่วน / computed budget totals"
    )

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "budget_totals"]

    def get_budget_totals(self, plan) -> dict[str, str]:
        from plans.selectors import plan_budget_totals

        return {k: f"{v:.2f}" for k, v in plan_budget_totals(plan).items()}


class PlanStatusSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="version ที่อ่านมาล่าสุด")
    comment_th = serializers.CharField(required=False, allow_blank=True)


class ComponentSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Component.objects.all(),
        allow_null=True,
        required=False,
        help_text="id ขององค์ประกอบหลักในแผนเดียวกัน",
    )
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())

    class Meta:
        model = Component
        fields = ["id", "plan", "code", "name_th", "name_en", "weight", "parent", "order"]
        extra_kwargs = {"weight": {"min_value": 0}}
        validators = []

    def validate(self, attrs):
        errors = {}
        plan = attrs.get("plan", getattr(self.instance, "plan", None))
        if (
            self.instance is not None
            and "plan" in attrs
            and attrs["plan"].pk != self.instance.plan_id
        ):
            errors["plan"] = ["ย้ายองค์ประกอบไปแผนอื่นไม่ได้"]
        parent = attrs.get("parent")
        if parent is not None and plan is not None:
            if parent.plan_id != plan.pk:
                errors["parent"] = ["องค์ประกอบหลักต้องอยู่ในแผนเดียวกัน"]
            elif self.instance is not None and parent.pk == self.instance.pk:
                errors["parent"] = ["องค์ประกอบเป็นองค์ประกอบหลักของตัวเองไม่ได้"]
        code = attrs.get("code")
        if code is not None and plan is not None:
            clash = Component.objects.filter(plan=plan, code=code)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                errors["code"] = ["รหัสองค์ประกอบนี้มีอยู่แล้วในแผน"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        return services.component_create(**validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("plan", None)
        return services.component_update(component=instance, data=validated_data)
