"""Security settings that tests can see: CSP with no inline script, login throttling in Thai,
sessions that expire, API tokens hashed at rest, the audit log, safe evidence downloads."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role
from accounts.services import grant_role, revoke_role
from audit.models import SecurityEvent
from tests.factories import (
    ComponentFactory,
    KpiFactory,
    OrgUnitFactory,
    PlanFactory,
    user_with_role,
)

ROOT = Path(__file__).resolve().parents[2]
# Data blocks (<script type="application/json">) are not run by browsers and CSP allows them.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=.application/json))[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)
PASSWORD = "pass-word-123"


def template_files():
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for d in dirs for p in d.rglob("*.html") if ".venv" not in p.parts)


def inline_code(html: str) -> list[str]:
    found = INLINE_SCRIPT.findall(html) + INLINE_HANDLER.findall(html) + JS_URL.findall(html)
    # The PDF templates never reach a browser (WeasyPrint runs no script).
    return [f[:120] for f in found]


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_handlers(path):
    assert not inline_code(path.read_text()), path


@pytest.fixture
def site(db):
    unit = OrgUnitFactory(code="สพส.", name_th="สำนักพัฒนาสังคม")
    plan = PlanFactory(org_unit=unit)
    kpi = KpiFactory(plan=plan, component=ComponentFactory(plan=plan, code="1.1"))
    planner = user_with_role(Role.PLANNER, unit, "planner")
    planner.set_password(PASSWORD)
    planner.save()
    analyst = user_with_role(Role.ANALYST, username="analyst")
    return {"plan": plan, "kpi": kpi, "planner": planner, "analyst": analyst, "unit": unit}


def pages(site):
    p, k = site["plan"].pk, site["kpi"].pk
    return [
        "/",
        "/plans/",
        f"/plans/{p}/",
        f"/plans/{p}/check/",
        f"/plans/{p}/kpis/{k}/page/",
        f"/plans/{p}/history/",
        f"/plans/{p}/versions/",
        f"/documents/plans/{p}/",
        "/reporting/",
        "/reporting/review/",
        "/dashboards/",
        "/api/v1/docs/",
    ]


@pytest.mark.parametrize("role", ["planner", "analyst"])
def test_pages_send_a_csp_and_carry_no_inline_script(site, role):
    client = Client()
    client.force_login(site[role])
    checked = 0
    for url in pages(site):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "frame-ancestors 'none'" in policy
        assert not inline_code(response.content.decode()), url
    assert checked >= 5


def test_login_page_has_csp_and_no_inline_script(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert not inline_code(response.content.decode())


def test_login_is_throttled_with_a_thai_message(site):
    client = Client()
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            "/accounts/login/", {"username": "planner", "password": "wrong-password"}
        )
        # The form again with its error, until the limit-th failure locks the account.
        assert response.status_code == (200 if attempt < settings.AXES_FAILURE_LIMIT else 429)
    locked = client.post("/accounts/login/", {"username": "planner", "password": PASSWORD})
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in body and "15 นาที" in body
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="login_failed", username="planner").count() >= 5


def test_api_token_endpoint_is_throttled_too(site):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "planner", "password": "x"}, format="json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "planner", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert "ระงับ" in response.json()["detail"]


def test_successful_login_and_logout_are_audited(site):
    client = Client()
    response = client.post("/accounts/login/", {"username": "planner", "password": PASSWORD})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    kinds = list(SecurityEvent.objects.filter(user=site["planner"]).values_list("kind", flat=True))
    assert "login" in kinds and "logout" in kinds
    event = SecurityEvent.objects.filter(kind="login").first()
    assert event.ip_address == "127.0.0.1"
    assert "password" not in str(SecurityEvent.objects.values_list("detail", flat=True))


def test_role_grants_and_revocations_are_audited(site):
    user = site["analyst"]
    grant_role(user=user, role=Role.EXECUTIVE)
    revoke_role(user=user, role=Role.EXECUTIVE)
    events = SecurityEvent.objects.filter(user=user).values_list("kind", "detail")
    kinds = [k for k, _ in events]
    assert "role_granted" in kinds and "role_revoked" in kinds
    assert any(d.get("role") == "executive" for k, d in events if k == "role_granted")
    user.is_superuser = True
    user.save()
    assert SecurityEvent.objects.filter(user=user, kind="flags_changed").exists()


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_password_rules():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678901", "password123", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("ต้นไม้-สีเขียว-2567")


def test_api_tokens_are_hashed_at_rest(site):
    client = APIClient()
    key = client.post(
        "/api/v1/auth/token/", {"username": "planner", "password": PASSWORD}, format="json"
    ).json()["token"]
    row = ApiToken.objects.get(user=site["planner"])
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {row.key_hash, row.prefix}
    from rest_framework.authtoken.models import Token

    assert not Token.objects.exists()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/plans/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {row.key_hash}")  # the stored value is no key
    assert client.get("/api/v1/plans/").status_code == 401


def test_existing_plain_tokens_are_migrated_to_hashes():
    import importlib

    migration = importlib.import_module("accounts.migrations.0002_apitoken")
    assert callable(migration.hash_existing_tokens)


def test_evidence_download_is_an_attachment_with_nosniff(site, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from progress.models import KpiReport
    from reporting.evidence import check_uploads, store

    report = KpiReport.objects.create(kpi=site["kpi"], period="2024-01")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    checked = check_uploads([SimpleUploadedFile("หลักฐาน.pdf", pdf, "application/pdf")])
    row = store(checked, user=site["planner"], kpi_report=report)[0]
    client = Client()
    client.force_login(site["planner"])
    response = client.get(f"/reporting/evidence/{row.pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    # Content, not the name, decides: HTML named .pdf is refused.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        check_uploads([SimpleUploadedFile("x.pdf", b"<html><script>", "application/pdf")])
