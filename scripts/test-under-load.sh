#!/usr/bin/env bash
# The test suite on a busy machine: one busy process per core runs beside it (as a
# loaded CI runner or a laptop doing other work would), so that a test that passes only
# when it has the machine to itself shows up here first. Arguments go to scripts/test.sh.
#   A11Y_LOAD_HOGS=N   busy processes (default: the number of cores)
#   A11Y_LOAD_RUNS=N   run the suite N times in a row, stopping at the first failure (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
hogs=${A11Y_LOAD_HOGS:-$(nproc 2>/dev/null || echo 2)}
runs=${A11Y_LOAD_RUNS:-1}
pids=()
stop_hogs() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$hogs"); do
  ( trap - INT TERM; while :; do :; done ) &
  pids+=("$!")
done
echo "test-under-load: $hogs busy process(es) running beside the suite ($runs run(s))"
for run in $(seq "$runs"); do
  echo "test-under-load: run $run of $runs"
  scripts/test.sh "$@"
done
