#!/usr/bin/env bash
# The payroll register of one run of 100,000 payslips exported as .xlsx over real HTTP, on SQLite:
# the time and the process's peak memory during the export (the figures the README quotes).
# Usage: tests/bench/export-bench.sh [PAYSLIPS]   (run tests/run.sh or packaging/install-deps.sh first)
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALROLL_WERROR=ON -DBUILD_TESTING=ON >/dev/null
cmake --build build -j2 --target export_bench
mkdir -p build/test-tmp
SOCIALROLL_TEST_ENGINE=${SOCIALROLL_TEST_ENGINE:-sqlite} SOCIALROLL_TEST_TMP=$PWD/build/test-tmp \
  ./build/tests/export_bench "${1:-100000}"
