#!/usr/bin/env bash
# Installs what is needed, builds, and serves socialroll on the SQLite default (var/socialroll.db).
# Extra arguments go to `socialroll serve` (e.g. --port 9090).
# --demo first: serve var/demo.db instead, filled with the illustrative county of `socialroll demo`
# on first use (its accounts and password are printed then; the file is kept for the next start).
set -euo pipefail
cd "$(dirname "$0")/.."
demo=false
if [[ "${1:-}" == "--demo" ]]; then demo=true; shift; fi
bash packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALROLL_WERROR=ON >/dev/null
cmake --build build -j2 --target socialroll
if $demo; then
  [[ -e var/demo.db ]] || build/server/socialroll demo --db sqlite:var/demo.db || { rm -f var/demo.db var/demo.db-*; exit 1; }
  exec build/server/socialroll serve --db sqlite:var/demo.db "$@"
fi
exec build/server/socialroll serve "$@"
