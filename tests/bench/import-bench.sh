#!/usr/bin/env bash
# Imports a generated 5,000-row staff file into a fresh SQLite database over real HTTP and prints
# the time of the dry run and of the commit, as CSV and as the same rows in an .xlsx workbook (the
# figures the README quotes).
# Usage: tests/bench/import-bench.sh [ROWS]   (run tests/run.sh or packaging/install-deps.sh first)
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALROLL_WERROR=ON -DBUILD_TESTING=ON >/dev/null
cmake --build build -j2 --target import_bench
mkdir -p build/test-tmp
SOCIALROLL_TEST_ENGINE=${SOCIALROLL_TEST_ENGINE:-sqlite} SOCIALROLL_TEST_TMP=$PWD/build/test-tmp \
  ./build/tests/import_bench "${1:-5000}"
SOCIALROLL_TEST_ENGINE=${SOCIALROLL_TEST_ENGINE:-sqlite} SOCIALROLL_TEST_TMP=$PWD/build/test-tmp \
  ./build/tests/import_bench "${1:-5000}" xlsx
