#!/usr/bin/env bash
# Builds everything and runs every test; ends with one line "N passed, N failed".
# Exit status: 0 only if something ran and nothing failed.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash scripts/install-deps.sh || { echo "dependency installation failed" >&2; echo "0 passed, 1 failed"; exit 1; }

results="$here/TestResults"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Solo5Net.sln -c Release -v q -nologo; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Solo5Net.sln -c Release --no-build -nologo -v q \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m -- RunConfiguration.TestSessionTimeout=1800000
test_status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done

# dotnet test failing with no failed test counted (a crashed test host, a hang) is a failure too.
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# Name the failed tests, then the summary line CI reads (it must be the last line).
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/FAILED: \1/p'
done
[ "$skipped" -gt 0 ] && echo "${skipped} skipped (they need /dev/kvm and root; with CI set they fail instead)"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
