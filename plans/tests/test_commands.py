"""``import_plan`` and ``export_plan`` management commands."""

import json

import pytest
from django.core.management import CommandError, call_command

from plans.models import Plan
from plans.tests.documents import build_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(build_document(), ensure_ascii=False), encoding="utf-8")
    return path


def test_import_then_export(plan_file, tmp_path, capsys):
    call_command("import_plan", str(plan_file))
    out = capsys.readouterr().out
    assert "นำเข้าแล้ว" in out and "kpis 7" in out
    assert Plan.objects.count() == 1

    target = tmp_path / "out.json"
    call_command("export_plan", "--unit", "สพส.", "--year", "2567", "-o", str(target))
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["org_unit"] == "สพส." and len(exported["projects"]) == 5

    call_command("export_plan", "--unit", "สพส.", "--year", "2567")
    assert capsys.readouterr().out == target.read_text(encoding="utf-8")


def test_import_dry_run_writes_nothing(plan_file, capsys):
    call_command("import_plan", str(plan_file), "--dry-run")
    assert "จำลอง" in capsys.readouterr().out
    assert Plan.objects.count() == 0


def test_import_failure_lists_errors_and_exits_1(tmp_path, capsys):
    document = build_document()
    document["projects"][0]["budget_lines"][0]["amount"] = "abc"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(CommandError) as excinfo:
        call_command("import_plan", str(path))

    assert excinfo.value.returncode == 1
    assert "projects[0].budget_lines[0].amount" in capsys.readouterr().err
    assert Plan.objects.count() == 0


def test_export_of_a_missing_plan(db):
    with pytest.raises(CommandError):
        call_command("export_plan", "--unit", "สพส.", "--year", "2567")
