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
# outputs (exit-code, report-dir, sarif) to $GITHUB_OUTPUT. report-dir is the folder the
# reports are really in: A11Y_OUT, or a temporary folder if A11Y_OUT stopped being writable
# mid-scan (exit 3), or empty if none was written (exit 2: A11Y_OUT cannot be written).
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

# a11y's messages are shown as they come and kept, to learn where the reports really went.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
{
  "$bin" scan "${targets[@]}" --out "$out" --format "${A11Y_FORMAT:-json,html,md,sarif,junit}" \
    ${extra[@]+"${extra[@]}"} 2>&1 1>&3 3>&- | tee "$log" >&2
  code=${PIPESTATUS[0]}
} 3>&1

# A folder that cannot be written at the start is a usage error (exit 2, nothing written);
# one that fails mid-scan (a full disk) leaves the reports in a temporary folder, named at
# the end of a11y's last line ("...: the reports are in DIR (exit 3)").
used="$(sed -n 's/^a11y: incomplete: .*: the reports are in \(.*\) (exit [0-9]*)$/\1/p' "$log" | tail -n 1)"
used="${used:-$out}"
if [ "$code" -eq 2 ] || [ ! -f "$used/results.json" ]; then
  used=""  # a usage error writes no report: whatever is in $out is an earlier run's
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "$used" ] && [ -f "$used/summary.md" ]; then
  cat "$used/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "report-dir=$used"
    if [ -n "$used" ] && [ -f "$used/results.sarif" ]; then echo "sarif=$used/results.sarif"; fi
  } >> "$GITHUB_OUTPUT"
fi
if [ -z "$used" ]; then
  echo "a11y: no reports were written (exit $code)"
elif [ "$used" != "$out" ]; then
  echo "a11y: reports in $used, NOT in $out: $out could not be written (exit $code)"
else
  echo "a11y: reports in $used (exit $code)"
fi
exit "$code"
