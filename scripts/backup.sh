#!/usr/bin/env bash
# Dump the bmaplan database (custom format, compressed) and keep the newest $BACKUP_KEEP dumps.
# Usage: DATABASE_URL=postgres://user:pass@host:5432/bmaplan BACKUP_DIR=/backups scripts/backup.sh
# Prints the path of the new dump. Restore with scripts/restore.sh (docs/deploy.md).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
BACKUP_DIR="${BACKUP_DIR:-var/backups}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$BACKUP_DIR/bmaplan-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$out.partial" "$DATABASE_URL"
mv "$out.partial" "$out"   # a dump is only named .dump once it is complete
# Rotation: newest first, drop everything after the first $BACKUP_KEEP.
ls -1t "$BACKUP_DIR"/bmaplan-*.dump 2>/dev/null | tail -n +"$((BACKUP_KEEP + 1))" | xargs -r rm -f
echo "$out"
