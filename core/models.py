"""Abstract building blocks shared by every app: timestamps, optimistic locking, trees."""

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

PATH_STEP = 10  # width of one zero-padded id in a materialised path


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Carries ``version`` for optimistic locking; see ``core.concurrency``."""

    version = models.PositiveIntegerField(_("รุ่นข้อมูล"), default=1)

    class Meta:
        abstract = True


class TreeNode(models.Model):
    """A tree node with a parent link plus a materialised path of ids.

    ``path`` is the ancestors' ids and the node's own id, each zero-padded to ``PATH_STEP``
    digits, so a subtree is one indexed ``path LIKE 'prefix%'`` query and ordering by path
    gives depth-first order. We keep ``parent`` too: it is what forms and the API edit, and
    ``save`` keeps ``path`` and ``depth`` in step (moving a node rewrites its subtree).
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("ระดับบน"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = self._expected_path()
            if new_path != old_path:
                depth = len(new_path) // PATH_STEP - 1
                type(self).objects.filter(pk=self.pk).update(path=new_path, depth=depth)
                if old_path:
                    self._rewrite_descendants(old_path, new_path)
                self.path, self.depth = new_path, depth

    def _expected_path(self) -> str:
        own = str(self.pk).zfill(PATH_STEP)
        return (self.parent.path if self.parent_id else "") + own

    def _rewrite_descendants(self, old: str, new: str) -> None:
        table = connection.ops.quote_name(self._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET path = %s || substr(path, %s), "
                f"depth = (length(%s || substr(path, %s)) / {PATH_STEP}) - 1 "
                f"WHERE path LIKE %s AND path <> %s",
                [new, len(old) + 1, new, len(old) + 1, old + "%", old],
            )

    def is_ancestor_of(self, other: "TreeNode") -> bool:
        return other.path.startswith(self.path) and other.path != self.path

    def subtree(self, include_self: bool = True):
        qs = type(self).objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestor_ids(self) -> list[int]:
        return [
            int(self.path[i : i + PATH_STEP])
            for i in range(0, len(self.path) - PATH_STEP, PATH_STEP)
        ]
