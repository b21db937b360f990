"""Evidence files: type checked by content (magic bytes) and extension, size limited, stored
under MEDIA_ROOT (never under the static web root) and served only through a view."""

from __future__ import annotations

import hashlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from progress.models import EvidenceFile

OOXML = "application/vnd.openxmlformats-officedocument"
# extension → (content type, detected kind)
TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "gif": ("image/gif", "gif"),
    "docx": (f"{OOXML}.wordprocessingml.document", "docx"),
    "xlsx": (f"{OOXML}.spreadsheetml.sheet", "xlsx"),
    "pptx": (f"{OOXML}.presentationml.presentation", "pptx"),
    "doc": ("application/msword", "ole"),
    "xls": ("application/vnd.ms-excel", "ole"),
    "ppt": ("application/vnd.ms-powerpoint", "ole"),
}
ALLOWED_TEXT = "PDF, PNG, JPG, GIF, DOCX, XLSX, PPTX, DOC, XLS, PPT"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_DIRS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def max_bytes() -> int:
    return int(getattr(settings, "BMAPLAN_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def detect(head: bytes, data_for_zip) -> str | None:
    """The kind the content really is, from its first bytes (and a zip's members)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(data_for_zip()) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        for kind, prefix in OOXML_DIRS.items():
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


def check_upload(upload) -> tuple[str, str]:
    """Validate one uploaded file; return (content type, sha256). Thai messages."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        raise ValidationError(f"ไฟล์ “{name}” เป็นชนิดที่ไม่รับ รับเฉพาะ {ALLOWED_TEXT}", code="type")
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"ไฟล์ “{name}” มีขนาด {_human(upload.size)} เกินขนาดสูงสุด {_human(limit)}",
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(f"ไฟล์ “{name}” ว่างเปล่า", code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)

    def whole():
        upload.seek(0)
        return io.BytesIO(upload.read())

    kind = detect(head, whole)
    content_type, expected = TYPES[ext]
    if kind != expected:
        raise ValidationError(
            f"เนื้อไฟล์ “{name}” ไม่ตรงกับชนิด .{ext} (อาจเป็นไฟล์ที่เปลี่ยนนามสกุลหรือไม่ปลอดภัย) "
            f"รับเฉพาะ {ALLOWED_TEXT}",
            code="content",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def check_uploads(uploads) -> list[tuple[object, str, str]]:
    """All files or none: every error collected, nothing stored when one is bad."""
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, *check_upload(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def store(checked, *, user, kpi_report=None, project_report=None) -> list[EvidenceFile]:
    rows = []
    for upload, content_type, sha in checked:
        row = EvidenceFile(
            kpi_report=kpi_report,
            project_report=project_report,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            sha256=sha,
            uploaded_by=user if getattr(user, "pk", None) else None,
        )
        row.file.save(upload.name, upload, save=False)
        row.save()
        rows.append(row)
    return rows
