#!/usr/bin/env bash
# The sanitizer job (issue #13): a clang build with AddressSanitizer and UndefinedBehaviorSanitizer
# runs the unit, db and api tests on SQLite (the MariaDB runs are left to the main build: the
# engine's own code is not ours to sanitize, and CI has 30 minutes), then each libFuzzer target of
# tests/fuzz for SR_FUZZ_SECONDS (60) from its seed corpus. Called by tests/run.sh after the
# main build's tests; needs packaging/install-deps.sh --tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SR_FUZZ_SECONDS:-60}
# -O1 -g1: a sanitized build is for finding faults, not for speed; line numbers are enough.
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DSOCIALROLL_WERROR=ON -DSOCIALROLL_SANITIZE=ON \
  -DSOCIALROLL_FUZZ=ON -DSR_FUZZ_SECONDS="$seconds" -DBUILD_TESTING=ON -DSR_MARIADB_PORT=33927 >/dev/null
cmake --build build-asan -j2 --target unit_tests db_tests api_tests socialroll \
  fuzz_framing fuzz_target fuzz_json fuzz_csv fuzz_ids fuzz_xlsx
cd build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest -j2 --output-on-failure --timeout 600 --no-tests=error -L "unit|db|api" -E "mariadb|unit\.web"
ctest -j2 --output-on-failure --no-tests=error -L fuzz
