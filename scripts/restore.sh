#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into the database at TARGET_DATABASE_URL.
# The target must exist and be empty (create it first); nothing else is touched.
# Usage: TARGET_DATABASE_URL=postgres://user@host:5432/bmaplan_restore scripts/restore.sh FILE
set -euo pipefail
: "${TARGET_DATABASE_URL:?set TARGET_DATABASE_URL}"
dump="${1:?usage: scripts/restore.sh DUMP_FILE}"
pg_restore --exit-on-error --no-owner --no-privileges --single-transaction \
  --dbname="$TARGET_DATABASE_URL" "$dump"
echo "restored $dump"
