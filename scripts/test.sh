#!/usr/bin/env bash
# The whole test suite, on a machine that scripts/setup.sh has prepared.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tests that need PostgreSQL start a private server when the binaries exist.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test: installing PostgreSQL (for the desk's PostgreSQL tests)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || \
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; } || \
    echo "test: PostgreSQL could not be installed; its tests will be skipped (and fail on CI)"
fi
# The desk's queue tests run the same on Redis when redis-server exists.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! command -v redis-server >/dev/null; then
  echo "test: installing redis-server (for the desk's queue tests on Redis)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1 || \
    { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1; } || \
    echo "test: redis-server could not be installed; the Redis queue tests will be skipped (and fail on CI)"
fi
exec .venv/bin/python -m pytest -n "${A11Y_TEST_WORKERS:-2}" "$@"
