#!/usr/bin/env bash
# The request desk on http://127.0.0.1:5000/ (development mode) and one background
# worker (scans of reported pages), with a demo coordinator account so both sides can
# be tried at once. Arguments go to `python -m desk` (e.g. --port 8000, or --port 0
# for a free one); the address really used is printed once the desk listens.
# Scans: only sites on DESK_SCAN_HOSTS are fetched, e.g. DESK_SCAN_HOSTS=127.0.0.1 make desk
set -euo pipefail
cd "$(dirname "$0")/.."
export DESK_ENV=development
.venv/bin/flask --app desk init-db
password=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))')
DESK_PASSWORD="$password" .venv/bin/flask --app desk create-coordinator --email coordinator@example.gov --role admin >/dev/null
echo "Demo coordinator: coordinator@example.gov / $password"
echo "Sites scanned when a request names them (DESK_SCAN_HOSTS): ${DESK_SCAN_HOSTS:-none}"
.venv/bin/flask --app desk worker &
worker=$!
# The worker stops with the desk (Ctrl-C, or the desk failing to start).
trap 'kill -TERM "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
.venv/bin/python -m desk "$@"
