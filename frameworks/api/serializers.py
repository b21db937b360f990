from rest_framework import serializers

from core.api.fields import UnitRefField
from frameworks import services
from frameworks.models import Framework, FrameworkLevel, FrameworkNode, Policy


class FrameworkLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkLevel
        fields = ["key", "label_th", "label_en"]
        extra_kwargs = {"label_en": {"required": False}}


class FrameworkSerializer(serializers.ModelSerializer):
    levels = FrameworkLevelSerializer(
        many=True, required=False, help_text="ระดับของกรอบ เรียงจากบนลงล่าง / ordered, top first"
    )
    owner_unit = UnitRefField(allow_null=True, required=False)

    class Meta:
        model = Framework
        fields = [
            "id",
            "code",
            "kind",
            "fiscal_year",
            "last_fiscal_year",
            "name_th",
            "name_en",
            "owner_unit",
            "interpolate_levels",
            "description_th",
            "levels",
        ]

    def validate_levels(self, value):
        keys = [lv["key"] for lv in value]
        if len(set(keys)) != len(keys):
            raise serializers.ValidationError("รหัสระดับซ้ำกัน")
        return value

    def validate(self, attrs):
        first = attrs.get("fiscal_year", getattr(self.instance, "fiscal_year", None))
        last = attrs.get("last_fiscal_year", getattr(self.instance, "last_fiscal_year", None))
        if first and last and last < first:
            raise serializers.ValidationError({"last_fiscal_year": ["ปีสุดท้ายต้องไม่ก่อนปีเริ่มต้น"]})
        return attrs

    def create(self, validated_data):
        return services.framework_create(**validated_data)

    def update(self, instance, validated_data):
        levels = validated_data.pop("levels", None)
        return services.framework_update(framework=instance, data=validated_data, levels=levels)


class FrameworkNodeSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(
        source="parent.code",
        allow_null=True,
        required=False,
        help_text="รหัสหัวข้อระดับบนในกรอบเดียวกัน / parent node code in the same framework",
    )
    level = serializers.CharField(
        source="level.key", help_text="รหัสระดับ (key) ของกรอบ เช่น kr / a level key"
    )
    host_units = UnitRefField(many=True, required=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = FrameworkNode
        fields = [
            "id",
            "framework",
            "parent",
            "level",
            "code",
            "short_code",
            "name_th",
            "name_en",
            "aliases",
            "narrative_th",
            "target_text",
            "host_units",
            "order",
            "depth",
        ]
        read_only_fields = ["depth"]
        # (framework, code) uniqueness is checked in validate() with a Thai message.
        validators = []

    def validate(self, attrs):
        framework = attrs.get("framework") or getattr(self.instance, "framework", None)
        errors = {}
        if (
            self.instance is not None
            and "framework" in attrs
            and (attrs["framework"].pk != self.instance.framework_id)
        ):
            errors["framework"] = ["ย้ายหัวข้อไปกรอบยุทธศาสตร์อื่นไม่ได้"]
        if framework is not None:
            if "level" in attrs:
                key = attrs.pop("level")["key"]
                level = FrameworkLevel.objects.filter(framework=framework, key=key).first()
                if level is None:
                    errors["level"] = [f"ไม่พบระดับ «{key}» ในกรอบยุทธศาสตร์นี้"]
                attrs["level"] = level
            if "parent" in attrs:
                code = (attrs.pop("parent") or {}).get("code")
                parent = None
                if code:
                    parent = FrameworkNode.objects.filter(framework=framework, code=code).first()
                    if parent is None:
                        errors["parent"] = [f"ไม่พบหัวข้อรหัส «{code}» ในกรอบยุทธศาสตร์นี้"]
                    elif self.instance is not None and parent.path.startswith(self.instance.path):
                        errors["parent"] = ["ไม่สามารถย้ายหัวข้อไปอยู่ใต้หัวข้อย่อยของตนเองได้"]
                attrs["parent"] = parent
            code = attrs.get("code")
            if code is not None:
                clash = FrameworkNode.objects.filter(framework=framework, code=code)
                if self.instance is not None:
                    clash = clash.exclude(pk=self.instance.pk)
                if clash.exists():
                    errors["code"] = ["รหัสนี้มีอยู่แล้วในกรอบยุทธศาสตร์"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data):
        return services.node_create(**validated_data)

    def update(self, instance, validated_data):
        host_units = validated_data.pop("host_units", None)
        return services.node_update(node=instance, data=validated_data, host_units=host_units)


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = ["id", "code", "name_th", "dimension_th"]

    def validate_code(self, value):
        if not (len(value) == 3 and value.isascii() and value.isdigit()):
            raise serializers.ValidationError("รหัสนโยบายต้องเป็นตัวเลข 3 หลัก เช่น 099")
        return value

    def create(self, validated_data):
        return services.policy_create(**validated_data)

    def update(self, instance, validated_data):
        return services.policy_update(policy=instance, data=validated_data)
