"""Edit tokens for rows without a ``version`` column (sections, SWOT/TOWS items, adoptions,
components): a hash of the values the editor showed. A save names the token it read; the
service locks the row and refuses the write when the row no longer hashes to it."""

from __future__ import annotations

import hashlib
import json

from django.db import models

from core.exceptions import ConflictError

TOKEN_FIELDS: dict[str, tuple[str, ...]] = {
    "plansection": ("kind", "order", "title_th", "body_html", "table", "framework_node_id"),
    "swotitem": ("quadrant", "code", "factor_th", "text_th", "order"),
    "towsstrategy": ("quadrant", "code", "text_th", "factor_codes", "node_tag", "order"),
    "adoption": ("node_id", "role", "local_name_th", "local_target_text", "units_note", "order"),
    "component": ("code", "name_th", "name_en", "weight", "parent_id", "order"),
}


class EditConflict(ConflictError):
    """Someone saved the row in between; ``current`` is the row as it is now (or None)."""

    def __init__(self, current: models.Model | None):
        self.current = current
        super().__init__(
            current_version=0,
            message="รายการนี้ถูกแก้ไขหรือลบโดยผู้อื่นหลังจากที่คุณเปิดแก้ไข ข้อมูลของคุณยังอยู่ครบ "
            "กรุณาเทียบกับค่าล่าสุดแล้วเลือกว่าจะบันทึกทับหรือใช้ค่าล่าสุด",
        )


def row_token(instance: models.Model) -> str:
    fields = TOKEN_FIELDS[instance._meta.model_name]
    values = [str(getattr(instance, name)) for name in fields]
    return hashlib.sha1(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:16]


def lock_and_check(instance: models.Model, token: str) -> models.Model:
    """Lock the row (caller is atomic) and compare its token; the locked row is returned."""
    current = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
    if current is None or row_token(current) != token:
        raise EditConflict(current)
    return current
