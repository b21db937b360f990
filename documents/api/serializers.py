from django.urls import reverse
from rest_framework import serializers

from ..models import DocumentJob, DocumentKind


class DocumentRequestSerializer(serializers.Serializer):
    # Plain strings in the schema: drf-spectacular would otherwise name a second "kind" enum.
    kind = serializers.CharField(help_text="plan | agreement | monthly")
    period = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="งวด YYYY-MM (ค.ศ.) สำหรับรายงานประจำเดือน / period of a monthly report",
    )
    digits = serializers.CharField(required=False, default="arabic", help_text="arabic | thai")

    def validate_kind(self, value):
        if value not in DocumentKind.values:
            raise serializers.ValidationError(
                f"ประเภทเอกสารต้องเป็น {', '.join(DocumentKind.values)}"
            )
        return value

    def validate_digits(self, value):
        if value not in ("arabic", "thai"):
            raise serializers.ValidationError("รูปแบบตัวเลขต้องเป็น arabic หรือ thai")
        return value


class DocumentJobSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="plan | agreement | monthly")
    status = serializers.CharField(read_only=True, help_text="queued | running | done | failed")
    download_url = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    digits = serializers.SerializerMethodField()

    class Meta:
        model = DocumentJob
        fields = [
            "id",
            "plan",
            "kind",
            "period",
            "digits",
            "status",
            "progress",
            "stage",
            "error",
            "download_url",
            "page_count",
            "size",
            "render_seconds",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_download_url(self, job) -> str | None:
        if not job.file_available:
            return None
        url = reverse("api-document-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_period(self, job) -> str | None:
        return job.options.get("period")

    def get_digits(self, job) -> str:
        return job.options.get("digits", "arabic")
