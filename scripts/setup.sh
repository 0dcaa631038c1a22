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
apt_updated=""
apt_install() {  # as root on Debian/Ubuntu only; the package index is refreshed once
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null; apt_updated=1; fi
  apt-get install -y -qq "$@" >/dev/null
}
ensure_chromium() {
  # Chromium's headless shell scans faster than the full browser (src/a11y/browser.py, SYSTEM_NAMES):
  # installed beside a system Chromium, or instead of one, where apt can.
  if ! command -v chromium-headless-shell >/dev/null && [ -z "${A11Y_CHROMIUM:-}" ]; then
    if apt_install chromium-headless-shell 2>/dev/null; then echo "setup: installed Debian's chromium-headless-shell"; fi
  fi
  if found=$(have_chromium); then echo "setup: Chromium: $found"; return 0; fi
  echo "setup: no Chromium found; trying Playwright's download"
  if .venv/bin/python -m playwright install chromium >/dev/null 2>&1 && found=$(have_chromium); then
    echo "setup: Chromium: $found"; return 0
  fi
  echo "setup: installing Debian's chromium package"
  apt_install chromium || apt_install chromium-browser || true
  if found=$(have_chromium); then echo "setup: Chromium: $found"; return 0; fi
  echo "setup: could not install Chromium. Install it (e.g. 'sudo apt-get install chromium') or set A11Y_CHROMIUM to its path." >&2
  return 2
}

# 3. Tesseract, the OCR engine of the image-of-text-ocr check (without it that check asks
# for review instead of reading images).
ensure_tesseract() {
  if ! command -v tesseract >/dev/null; then
    echo "setup: installing Debian's tesseract-ocr package (OCR for images of text)"
    apt_install tesseract-ocr || true
  fi
  if command -v tesseract >/dev/null; then
    echo "setup: Tesseract: $(command -v tesseract) ($(tesseract --version 2>&1 | head -1))"
  else
    echo "setup: warning: no tesseract (install it with 'sudo apt-get install tesseract-ocr');" \
         "the image-of-text-ocr check will ask for review instead of reading images" >&2
  fi
}

ensure_chromium
ensure_tesseract
