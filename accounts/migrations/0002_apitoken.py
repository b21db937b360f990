import hashlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    """Move DRF's plain-text tokens to hashed rows; the plain-text rows are deleted."""
    try:
        Token = apps.get_model("authtoken", "Token")
    except LookupError:
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in Token.objects.all():
        ApiToken.objects.create(
            user_id=token.user_id,
            key_hash=hashlib.sha256(token.key.encode()).hexdigest(),
            prefix=token.key[:8],
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("authtoken", "0004_alter_tokenproxy_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("prefix", models.CharField(editable=False, help_text="ใช้ระบุ token เท่านั้น", max_length=8, verbose_name="ส่วนต้นของ token")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="ออกเมื่อ")),
                ("last_used", models.DateTimeField(blank=True, null=True, verbose_name="ใช้ล่าสุด")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "API token", "verbose_name_plural": "API token"},
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
    ]
