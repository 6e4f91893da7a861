#!/usr/bin/env bash
# Installs what the tests need (Debian 12, as root), builds, and runs every test: unit, then
# db and api on SQLite and on a private MariaDB that CTest starts and stops (tests/mariadb.sh),
# and the browser journeys in headless Chromium (tests/e2e, screenshots in build/e2e-screenshots);
# then the sanitizer and fuzz job (tests/sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh --tests
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALROLL_WERROR=ON -DBUILD_TESTING=ON
cmake --build build -j2
cd build
ctest -j2 --output-on-failure --timeout 300 --no-tests=error
# Then the same code under AddressSanitizer and UndefinedBehaviorSanitizer, and the fuzz targets.
cd ..
bash tests/sanitize.sh
