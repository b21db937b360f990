from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import CodeListField, UnitRefField
from core.api.mixins import VersionedSerializerMixin
from frameworks.models import Policy
from kpis import services
from kpis.models import (
    Direction,
    Kpi,
    ResponsibilityRole,
    ScaleKind,
    YearValueKind,
)
from plans.models import Component, Plan
from plans.services import node_by_ref

DEC = {"max_digits": 18, "decimal_places": 4, "allow_null": True, "required": False}


class ScaleLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=5)
    threshold_text = serializers.CharField(max_length=255, required=False, allow_blank=True)
    criterion_th = serializers.CharField(required=False, allow_blank=True)
    score = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        allow_null=True,
        required=False,
        help_text="เว้นว่าง = น้ำหนัก × ระดับ / 5",
    )
    min = serializers.DecimalField(source="min_value", **DEC)
    max = serializers.DecimalField(source="max_value", **DEC)
    min_inclusive = serializers.BooleanField(required=False, default=True)
    max_inclusive = serializers.BooleanField(required=False, default=True)
    points = serializers.DecimalField(
        max_digits=7, decimal_places=2, allow_null=True, required=False
    )

    def validate(self, attrs):
        low, high = attrs.get("min_value"), attrs.get("max_value")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"max": ["ค่าสูงสุดต้องไม่น้อยกว่าค่าต่ำสุด"]})
        return attrs


class ScaleStepSerializer(serializers.Serializer):
    order = serializers.IntegerField(min_value=1)
    name_th = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0))
    deadline = serializers.DateField(allow_null=True, required=False)


def _unique(items: list[dict], key: str, message: str) -> None:
    seen = [item[key] for item in items]
    if len(seen) != len(set(seen)):
        raise serializers.ValidationError(message)


class PartScaleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[c for c in ScaleKind.choices if c[0] != ScaleKind.COMPOSITE]
    )
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    no_skip = serializers.BooleanField(required=False, default=False)
    levels = ScaleLevelSerializer(many=True, required=False, default=list)
    steps = ScaleStepSerializer(many=True, required=False, default=list)

    def validate_levels(self, value):
        _unique(value, "level", "ระดับซ้ำกันในเกณฑ์")
        return value

    def validate_steps(self, value):
        _unique(value, "order", "ลำดับขั้นตอนซ้ำกัน")
        return value


class CompositePartSerializer(serializers.Serializer):
    index = serializers.IntegerField(min_value=1)
    name_th = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0))
    scale = PartScaleSerializer()


def _rel(obj, name: str) -> list:
    """A prefetched relation as a list, without building a related manager per access."""
    cache = getattr(obj, "_prefetched_objects_cache", None)
    if cache is not None and name in cache:
        return cache[name]
    return list(getattr(obj, name).all())


def scale_representation(kpi) -> dict:
    own_levels = [r for r in _rel(kpi, "levels") if r.part_id is None]
    own_steps = [s for s in _rel(kpi, "scale_steps") if s.part_id is None]
    parts = [
        {
            "index": part.index,
            "name_th": part.name_th,
            "weight": _dec2(part.weight),
            "scale": {
                "kind": part.scale_kind,
                "direction": part.direction,
                "no_skip": part.no_skip,
                "levels": level_rows(_rel(part, "levels")),
                "steps": step_rows(_rel(part, "steps")),
            },
        }
        for part in _rel(kpi, "parts")
    ]
    return {
        "kind": kpi.scale_kind,
        "interpolate": kpi.interpolate,
        "no_skip": kpi.no_skip,
        "levels": level_rows(own_levels),
        "steps": step_rows(own_steps),
        "parts": parts,
    }


class KpiScaleSerializer(serializers.Serializer):
    """``scale``: the KPI's scoring scale (API.md "Scales"); rows replace the stored ones."""

    kind = serializers.ChoiceField(choices=ScaleKind.choices)
    interpolate = serializers.BooleanField(
        allow_null=True, required=False, help_text="เว้นว่าง = ตามค่าของกรอบยุทธศาสตร์"
    )
    no_skip = serializers.BooleanField(required=False, default=False)
    levels = ScaleLevelSerializer(many=True, required=False, default=list)
    steps = ScaleStepSerializer(many=True, required=False, default=list)
    parts = CompositePartSerializer(many=True, required=False, default=list)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, kpi):
        return scale_representation(kpi)

    def validate_levels(self, value):
        _unique(value, "level", "ระดับซ้ำกันในเกณฑ์")
        return value

    def validate_steps(self, value):
        _unique(value, "order", "ลำดับขั้นตอนซ้ำกัน")
        return value

    def validate_parts(self, value):
        _unique(value, "index", "ลำดับส่วนของตัวชี้วัดประกอบซ้ำกัน")
        return value

    def validate(self, attrs):
        kind = attrs["kind"]
        errors = {}
        if kind == ScaleKind.COMPOSITE and not attrs.get("parts"):
            errors["parts"] = ["ตัวชี้วัดประกอบต้องมีอย่างน้อยหนึ่งส่วน"]
        if kind != ScaleKind.COMPOSITE and attrs.get("parts"):
            errors["parts"] = ["ใช้ได้เฉพาะเกณฑ์แบบตัวชี้วัดประกอบ (composite)"]
        if kind == ScaleKind.STEPS and not attrs.get("steps"):
            errors["steps"] = ["เกณฑ์แบบขั้นตอนต้องมีอย่างน้อยหนึ่งขั้นตอน"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _dec2(value):
    return None if value is None else f"{value:.2f}"


def _dec4(value):
    return None if value is None else f"{value:.4f}"


def level_rows(rows) -> list[dict]:
    return [
        {
            "level": r.level,
            "threshold_text": r.threshold_text,
            "criterion_th": r.criterion_th,
            "score": _dec2(r.score),
            "min": _dec4(r.min_value),
            "max": _dec4(r.max_value),
            "min_inclusive": r.min_inclusive,
            "max_inclusive": r.max_inclusive,
            "points": _dec2(r.points),
        }
        for r in sorted(rows, key=lambda r: r.level)
    ]


def step_rows(rows) -> list[dict]:
    return [
        {
            "order": s.order,
            "name_th": s.name_th,
            "points": _dec2(s.points),
            "deadline": s.deadline.isoformat() if s.deadline else None,
        }
        for s in sorted(rows, key=lambda s: s.order)
    ]


class YearValueSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2400, max_value=2700, help_text="ปี พ.ศ.")
    text = serializers.CharField(allow_blank=True, help_text="ข้อความตามเอกสาร / verbatim")
    value = serializers.JSONField(
        read_only=True, help_text="ค่าที่แยกได้จากข้อความ (คำนวณโดยระบบ) / parsed"
    )
    flagged = serializers.BooleanField(read_only=True)


class YearValuesField(serializers.ListField):
    """``baselines`` / ``targets``: ``[{year, text, value}]``; ``value`` is parsed from text."""

    child = YearValueSerializer()

    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, kpi):
        values = [v for v in kpi.year_values.all() if v.kind == self.kind]
        return [
            {"year": v.fiscal_year, "text": v.text, "value": v.value, "flagged": v.flagged}
            for v in sorted(values, key=lambda v: v.fiscal_year)
        ]


class ResponsibilitySerializer(serializers.Serializer):
    unit = UnitRefField(source="org_unit", allow_null=True, required=False)
    unit_text = serializers.CharField(max_length=255, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=ResponsibilityRole.choices)
    duties_th = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs.get("org_unit") is None and not attrs.get("unit_text"):
            raise serializers.ValidationError({"unit": ["กรุณาระบุหน่วยงานหรือชื่อหน่วยงาน"]})
        return attrs


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class NodeCodesField(CodeListField):
    """Framework node codes (``FW-CODE/code`` for a node of another framework)."""

    def to_representation(self, data):
        nodes = data.all()
        plan = data.instance.plan
        return [
            n.code if n.framework_id == plan.framework_id else f"{n.framework.code}/{n.code}"
            for n in nodes
        ]


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class PolicyCodesField(CodeListField):
    def to_representation(self, data):
        return [p.code for p in data.all()]


def resolve_nodes(plan: Plan, codes: list[str]):
    nodes, missing = [], []
    for code in codes:
        node = node_by_ref(plan, code)
        if node is None:
            missing.append(code)
        else:
            nodes.append(node)
    return nodes, missing


def resolve_policies(codes: list[str]):
    found = {p.code: p for p in Policy.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def kpi_representation(kpi: Kpi) -> dict:
    """Exactly ``KpiSerializer().to_representation(kpi)``, without DRF's per-field machinery.

    List pages use it (``KpiListSerializer``): a page of 100 KPIs with nested rubric rows is
    several times faster this way; ``tests/api/test_kpi_fast_representation.py`` keeps the
    two identical for every scale kind.
    """
    own_levels = [r for r in _rel(kpi, "levels") if r.part_id is None]
    years = sorted(_rel(kpi, "year_values"), key=lambda v: v.fiscal_year)
    # the list queryset annotates the plan's framework id instead of joining the plan
    plan_framework = getattr(kpi, "_plan_framework_id", None) or kpi.plan.framework_id
    return {
        "id": kpi.id,
        "plan": kpi.plan_id,
        "code": kpi.code,
        "name_th": kpi.name_th,
        "name_en": kpi.name_en,
        "unit": kpi.unit_th,
        "direction": kpi.direction,
        "part": kpi.part,
        "order": kpi.order,
        "adoption": kpi.adoption.node.code if kpi.adoption_id else None,
        "nodes": [
            n.code if n.framework_id == plan_framework else f"{n.framework.code}/{n.code}"
            for n in _rel(kpi, "nodes")
        ],
        "policies": [p.code for p in _rel(kpi, "policies")],
        "component": kpi.component_id,
        "weight": _dec2(kpi.weight),
        "target_level": _dec2(kpi.target_level),
        "scale": scale_representation(kpi),
        "levels": level_rows(own_levels),
        "baselines": [
            {"year": v.fiscal_year, "text": v.text, "value": v.value, "flagged": v.flagged}
            for v in years
            if v.kind == YearValueKind.BASELINE
        ],
        "targets": [
            {"year": v.fiscal_year, "text": v.text, "value": v.value, "flagged": v.flagged}
            for v in years
            if v.kind == YearValueKind.TARGET
        ],
        "definition_th": kpi.definition_th,
        "calculation_th": kpi.calculation_th,
        "evidence_th": kpi.evidence_th,
        "conditions_th": kpi.conditions_th,
        "notes_th": kpi.notes_th,
        "responsibilities": [
            {
                "unit": r.org_unit.code if r.org_unit_id else None,
                "unit_text": r.unit_text,
                "role": r.role,
                "duties_th": r.duties_th,
            }
            for r in _rel(kpi, "responsibilities")
        ],
        "version": kpi.version,
    }


class KpiListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = data.all() if hasattr(data, "all") else data
        return [kpi_representation(kpi) for kpi in items]


class KpiSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    unit = serializers.CharField(
        source="unit_th",
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="หน่วยนับ เช่น ร้อยละ / unit of measure",
    )
    component = serializers.PrimaryKeyRelatedField(
        queryset=Component.objects.all(), allow_null=True, required=False
    )
    adoption = serializers.CharField(
        source="adoption.node.code",
        read_only=True,
        allow_null=True,
        help_text="รหัสตัววัดผลในกรอบที่รับมา / adopted framework KR/KPI code",
    )
    nodes = NodeCodesField(required=False, help_text="รหัสหัวข้อยุทธศาสตร์ที่เชื่อมโยง")
    policies = PolicyCodesField(required=False, help_text="รหัสนโยบายผู้ว่าฯ เช่น 099")
    scale = KpiScaleSerializer(required=False)
    levels = serializers.SerializerMethodField(help_text="แถวเกณฑ์ (เหมือน scale.levels)")
    baselines = YearValuesField(kind=YearValueKind.BASELINE, required=False)
    targets = YearValuesField(kind=YearValueKind.TARGET, required=False)
    responsibilities = ResponsibilitySerializer(many=True, required=False)

    class Meta:
        model = Kpi
        fields = [
            "id",
            "plan",
            "code",
            "name_th",
            "name_en",
            "unit",
            "direction",
            "part",
            "order",
            "adoption",
            "nodes",
            "policies",
            "component",
            "weight",
            "target_level",
            "scale",
            "levels",
            "baselines",
            "targets",
            "definition_th",
            "calculation_th",
            "evidence_th",
            "conditions_th",
            "notes_th",
            "responsibilities",
            "version",
        ]
        extra_kwargs = {"weight": {"min_value": Decimal(0)}}
        validators = []
        list_serializer_class = KpiListSerializer

    @extend_schema_field(ScaleLevelSerializer(many=True))
    def get_levels(self, kpi):
        return level_rows([r for r in kpi.levels.all() if r.part_id is None])

    def validate(self, attrs):
        errors = {}
        instance = self.instance
        plan = attrs.get("plan", getattr(instance, "plan", None))
        if instance is not None and "plan" in attrs and attrs["plan"].pk != instance.plan_id:
            errors["plan"] = ["ย้ายตัวชี้วัดไปแผนอื่นไม่ได้"]
        if plan is not None:
            code = attrs.get("code")
            if code is not None:
                clash = Kpi.objects.filter(plan=plan, code=code)
                if instance is not None:
                    clash = clash.exclude(pk=instance.pk)
                if clash.exists():
                    errors["code"] = ["รหัสตัวชี้วัดนี้มีอยู่แล้วในแผน"]
            component = attrs.get("component", getattr(instance, "component", None))
            if component is not None and component.plan_id != plan.pk:
                errors["component"] = ["องค์ประกอบต้องอยู่ในแผนเดียวกัน"]
            weight = attrs.get("weight", getattr(instance, "weight", None))
            if component is not None and weight is None:
                errors["weight"] = ["ตัวชี้วัดในองค์ประกอบการประเมินต้องมีน้ำหนัก"]
            if "nodes" in attrs:
                attrs["nodes"], missing = resolve_nodes(plan, attrs["nodes"])
                if missing:
                    errors["nodes"] = [f"ไม่พบหัวข้อยุทธศาสตร์รหัส {', '.join(missing)}"]
        if "policies" in attrs:
            attrs["policies"], missing = resolve_policies(attrs["policies"])
            if missing:
                errors["policies"] = [f"ไม่พบนโยบายรหัส {', '.join(missing)}"]
        scale = attrs.get("scale")
        if scale and scale["kind"] == "composite":
            weight = attrs.get("weight", getattr(instance, "weight", None))
            total = sum((p["weight"] for p in scale["parts"]), Decimal(0))
            if weight is not None and total != weight:
                errors["scale"] = {
                    "parts": [f"น้ำหนักของส่วนรวมกันได้ {total} ไม่เท่ากับน้ำหนักตัวชี้วัด {weight}"]
                }
        for key in ("baselines", "targets"):
            years = [v["year"] for v in attrs.get(key) or []]
            if len(years) != len(set(years)):
                errors[key] = ["ปีซ้ำกัน"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _children(self, validated_data) -> dict:
        return {
            key: validated_data.pop(key)
            for key in ("nodes", "policies", "scale", "baselines", "targets", "responsibilities")
            if key in validated_data
        }

    def create(self, validated_data):
        validated_data.pop("version", None)
        children = self._children(validated_data)
        return services.kpi_create(**validated_data, **children)

    def update(self, instance, validated_data):
        validated_data.pop("plan", None)
        children = self._children(validated_data)
        return services.kpi_update(kpi=instance, data=validated_data, **children)
