#!/usr/bin/env bash
# One month's payroll for a seeded synthetic province (default 100,000 workers in 1,000 agencies)
# on SQLite, on a private MariaDB and on a three-node Galera cluster behind HAProxy (tests/galera.sh),
# with the direct bulk-insert time of as many payslip rows.
# Usage: tests/bench/payroll-bench.sh [WORKERS] [AGENCIES]   (after packaging/install-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOCIALROLL_WERROR=ON -DBUILD_TESTING=ON >/dev/null
cmake --build build -j2 --target payroll_bench
mkdir -p build/test-tmp
echo "== SQLite"
SOCIALROLL_TEST_ENGINE=sqlite SOCIALROLL_TEST_TMP=$PWD/build/test-tmp ./build/tests/payroll_bench "${1:-100000}" "${2:-1000}"
echo "== MariaDB"
# Sized as a server holding a province would be: with the 128 MiB default buffer pool the timed
# month read a year of history back from disk, and the timings followed the disk, not the code.
tests/mariadb.sh start build/mariadb-bench 33918 --innodb-buffer-pool-size=2G --innodb-log-file-size=1G >/dev/null
trap 'tests/mariadb.sh stop build/mariadb-bench 33918 >/dev/null' EXIT
SOCIALROLL_TEST_ENGINE=mysql SOCIALROLL_TEST_MYSQL=mysql://root:@127.0.0.1:33918/ \
  ./build/tests/payroll_bench "${1:-100000}" "${2:-1000}"
tests/mariadb.sh stop build/mariadb-bench 33918 >/dev/null
trap - EXIT
echo "== Galera, three nodes, through HAProxy to the one writer"
tests/galera.sh start build/galera-bench 34700 >/dev/null
trap 'tests/galera.sh stop build/galera-bench >/dev/null' EXIT
SOCIALROLL_TEST_ENGINE=mysql SOCIALROLL_TEST_MYSQL=mysql://root:@127.0.0.1:34800/ \
  ./build/tests/payroll_bench "${1:-100000}" "${2:-1000}"
