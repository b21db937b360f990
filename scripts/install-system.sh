#!/usr/bin/env bash
# System packages the project needs (Debian). Idempotent; skips apt when all are present.
set -euo pipefail
PKGS=(postgresql-client redis-tools poppler-utils)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
