#!/usr/bin/env bash
# Installs the Debian 12 packages socialroll builds, runs and tests with. Safe to run again.
set -euo pipefail
pkgs=(g++ cmake ninja-build libpoco-dev libmysqlcppconn-dev libboost-dev libspdlog-dev libssl-dev
      libsqlite3-dev libgtest-dev libgmock-dev mariadb-server mariadb-client curl)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
