#!/usr/bin/env bash
# The scan of a CI job: what the GitHub Action (action.yml) and the GitLab template
# (examples/ci/gitlab-ci.yml) both run, and what tests/examples/test_ci.py runs on the
# bundled example site, so the three run the same commands.
#
# Settings (environment variables):
#   A11Y_TARGET  what to scan, space-separated: a built folder, an HTML file, URLs, @FILE
#                (default ./public)
#   A11Y_OUT     the report folder (default a11y-report)
#   A11Y_FORMAT  the formats (default json,html,md,sarif,junit)
#   A11Y_ARGS    more options for `a11y scan`, space-separated, e.g. "--baseline a11y-baseline.json"
#   A11Y_BIN     the a11y command (default: .venv/bin/a11y beside this script, else a11y on PATH)
# In GitHub Actions it also appends summary.md to $GITHUB_STEP_SUMMARY and writes the step's
# outputs (exit-code, report-dir, sarif) to $GITHUB_OUTPUT.
# Exits with a11y's exit code (0 pass, 1 violations, 2 usage error, 3 incomplete).
set -uo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${A11Y_BIN:-}"
if [ -z "$bin" ]; then
  if [ -x "$here/.venv/bin/a11y" ]; then bin="$here/.venv/bin/a11y"; else bin=a11y; fi
fi
out="${A11Y_OUT:-a11y-report}"
read -r -a targets <<< "${A11Y_TARGET:-./public}"
read -r -a extra <<< "${A11Y_ARGS:-}"

"$bin" scan "${targets[@]}" --out "$out" --format "${A11Y_FORMAT:-json,html,md,sarif,junit}" \
  ${extra[@]+"${extra[@]}"}
code=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/summary.md" ]; then
  cat "$out/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "report-dir=$out"
    if [ -f "$out/results.sarif" ]; then echo "sarif=$out/results.sarif"; fi
  } >> "$GITHUB_OUTPUT"
fi
echo "a11y: reports in $out (exit $code)"
exit "$code"
