#!/usr/bin/env bash
# Starts or stops a private MariaDB for the test suite: its own data directory, loopback only,
# utf8mb4, no binary log. Used as a CTest fixture (see tests/CMakeLists.txt). Options after PORT go
# to mariadbd (the payroll benchmark sizes the buffer pool and redo log as a production server would).
set -euo pipefail
cmd=$1 dir=$(realpath -m "$2") port=$3  # absolute: mariadbd resolves relative paths from its basedir
shift 3
sock="$dir/mysqld.sock" pid="$dir/mysqld.pid"
case "$cmd" in
  start)
    if [ -f "$pid" ] && mariadb-admin --no-defaults -uroot --socket="$sock" ping >/dev/null 2>&1; then
      echo "MariaDB already running on port $port"; exit 0
    fi
    rm -rf "$dir" && mkdir -p "$dir/data"
    mariadb-install-db --no-defaults --datadir="$dir/data" --user=root \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
    nohup mariadbd --no-defaults --user=root --datadir="$dir/data" --socket="$sock" --pid-file="$pid" \
      --bind-address=127.0.0.1 --port="$port" --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_bin --skip-log-bin --innodb-flush-log-at-trx-commit=2 \
      --max-connections=500 "$@" >"$dir/server.log" 2>&1 &
    for _ in $(seq 1 100); do
      if mariadb-admin --no-defaults -uroot --socket="$sock" ping >/dev/null 2>&1; then
        # Tests connect over TCP as root without a password, from loopback only.
        mariadb --no-defaults -uroot --socket="$sock" -e \
          "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
        echo "MariaDB up on 127.0.0.1:$port"; exit 0
      fi
      sleep 0.2
    done
    echo "MariaDB did not start:"; cat "$dir/server.log"; exit 1 ;;
  stop)
    [ -S "$sock" ] || { echo "MariaDB not running"; exit 0; }
    mariadb-admin --no-defaults -uroot --socket="$sock" shutdown || true
    for _ in $(seq 1 100); do [ -f "$pid" ] || { echo "MariaDB stopped"; exit 0; }; sleep 0.2; done
    echo "MariaDB did not stop in time"; exit 1 ;;
  *) echo "usage: $0 start|stop DIR PORT [MARIADBD-OPTION...]"; exit 2 ;;
esac
