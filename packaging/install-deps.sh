#!/usr/bin/env bash
# Installs the Debian 12 packages socialroll builds, runs and tests with. Safe to run again.
# --tests adds what only the tests need: Chromium (the browser tests) and a CJK font for its
# screenshots; Galera, rsync (its state transfer), iproute2 (ss, for the transfer script) and
# HAProxy for the three-node cluster of the `cluster` tests; clang and its runtime libraries for the
# sanitizer build and the libFuzzer targets (tests/sanitize.sh); python3-openpyxl, the independent
# reader the tests open every exported workbook with.
set -euo pipefail
pkgs=(g++ cmake ninja-build libpoco-dev libmysqlcppconn-dev libboost-dev libspdlog-dev libssl-dev
      libsqlite3-dev libxlsxwriter-dev pkg-config libgtest-dev libgmock-dev librapidcheck-dev mariadb-server mariadb-client curl openssl)
# The web interface is built with Node.js and npm (packages from the npm registry).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
if [ "${1:-}" = "--tests" ]; then pkgs+=(chromium fonts-wqy-microhei galera-4 rsync iproute2 haproxy clang libclang-rt-14-dev python3-openpyxl); fi
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
