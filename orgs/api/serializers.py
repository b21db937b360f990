from rest_framework import serializers

from core.api.fields import UnitRefField
from orgs import services
from orgs.models import OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = UnitRefField(allow_null=True, required=False)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=255), required=False, default=list
    )

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name_th", "name_en", "kind", "parent", "aliases", "is_active"]
        extra_kwargs = {"code": {"help_text": "อักษรย่อทางราชการ เช่น สพส. / abbreviation"}}

    def validate(self, attrs):
        parent = attrs.get("parent")
        if (
            parent is not None
            and self.instance is not None
            and (parent.pk == self.instance.pk or parent.path.startswith(self.instance.path))
        ):
            raise serializers.ValidationError(
                {"parent": ["ไม่สามารถย้ายหน่วยงานไปอยู่ใต้หน่วยงานย่อยของตนเองได้"]}
            )
        return attrs

    def create(self, validated_data):
        return services.org_unit_create(**validated_data)

    def update(self, instance, validated_data):
        return services.org_unit_update(unit=instance, data=validated_data)
