#!/usr/bin/env bash
# Installs what is needed, builds, and serves socialroll on the SQLite default (var/socialroll.db).
# Extra arguments go to `socialroll serve` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALROLL_WERROR=ON >/dev/null
cmake --build build -j2 --target socialroll
exec build/server/socialroll serve "$@"
