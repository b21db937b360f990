"""scripts/backup.sh and scripts/restore.sh really round-trip the database: pg_dump of the
test database, pg_restore into a scratch database, the same row count in every table."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.factories import ComponentFactory, KpiFactory, OrgUnitFactory, PlanFactory

ROOT = Path(__file__).resolve().parents[2]


def url(db: dict, name: str) -> str:
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def row_counts(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path):
    unit = OrgUnitFactory(code="สพส.", name_th="สำนักพัฒนาสังคม")
    plan = PlanFactory(org_unit=unit)
    KpiFactory(plan=plan, component=ComponentFactory(plan=plan, code="1.1"))
    db = connection.settings_dict
    source = url(db, db["NAME"])
    env = {**os.environ, "DATABASE_URL": source, "BACKUP_DIR": str(tmp_path), "BACKUP_KEEP": "2"}
    dumps = []
    for _ in range(3):  # rotation keeps the newest BACKUP_KEEP
        out = subprocess.run(
            ["bash", "scripts/backup.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120, check=True,
        )  # fmt: skip
        dumps.append(Path(out.stdout.strip()))
    assert dumps[-1].exists() and dumps[-1].stat().st_size > 0
    assert len(list(tmp_path.glob("bmaplan-*.dump"))) <= 2

    scratch = f"bmaplan_restore_{uuid.uuid4().hex[:8]}"
    admin = url(db, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        subprocess.run(
            ["bash", "scripts/restore.sh", str(dumps[-1])], cwd=ROOT,
            env={**os.environ, "TARGET_DATABASE_URL": url(db, scratch)},
            capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
        restored, original = row_counts(url(db, scratch)), row_counts(source)
        assert restored == original
        assert restored["plans_plan"] == 1 and restored["kpis_kpi"] == 1
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
