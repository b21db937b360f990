#!/usr/bin/env bash
# System packages the project needs (Debian). Idempotent; skips apt when all are present.
set -euo pipefail
PKGS=(postgresql-client redis-tools poppler-utils gettext chromium)
# PDF documents (WeasyPrint): Pango/HarfBuzz (with the subsetter), fontconfig, libthai for Thai
# word breaking. Fonts come from the fontpkg-sarabun Python package, not from the system.
PKGS+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 libthai0)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
