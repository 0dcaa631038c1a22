#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine (or refresh an existing checkout):
# .venv/ with a11y and its dependencies, and a Chromium the scanner can launch.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "setup: Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1))" >&2
  exit 2
fi

# 1. The virtual environment: reinstall only when pyproject.toml has changed.
stamp=.venv/.a11y-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -x .venv/bin/a11y ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing a11y and its dependencies into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install --quiet -e ".[desk,test]"
  echo "$want" > "$stamp"
fi

# 2. Chromium: A11Y_CHROMIUM, a system Chromium, or Playwright's own browser.
have_chromium() {
  .venv/bin/python - <<'PY' 2>/dev/null
from a11y.browser import find_chromium
print(find_chromium())
PY
}
if found=$(have_chromium); then
  echo "setup: Chromium: $found"
  exit 0
fi
echo "setup: no Chromium found; trying Playwright's download"
if .venv/bin/python -m playwright install chromium >/dev/null 2>&1 && found=$(have_chromium); then
  echo "setup: Chromium: $found"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing Debian's chromium package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null || apt-get install -y -qq chromium-browser >/dev/null
fi
if found=$(have_chromium); then
  echo "setup: Chromium: $found"
  exit 0
fi
echo "setup: could not install Chromium. Install it (e.g. 'sudo apt-get install chromium') or set A11Y_CHROMIUM to its path." >&2
exit 2
