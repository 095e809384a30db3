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

# Without /dev/kvm here, the tests that need KVM (trait Requires=kvm) run inside the test VM on
# nested KVM (docs/platform.md §7), beside the other tests on this host.
host_filter=()
vm_pid=
if [ ! -e /dev/kvm ] && bash tests/vfio-vm/run-in-vm.sh --check >/dev/null 2>&1; then
  echo "no /dev/kvm on this host: the KVM tests run in the test VM (scripts/test-kvm-in-vm.sh);"
  echo "its Slow and DotnetBuild categories, Sdk.Tests' KVM tests and Tender.Tests' other than its confinement, lifecycle and instruction-counting tests are not run there (docs/platform.md §7): scripts/test-kvm-in-vm.sh runs them with --with-slow, --with-builds or their assemblies named"
  host_filter=(--filter "Requires!=kvm")
  bash scripts/test-kvm-in-vm.sh >"$results/vm.log" 2>&1 &
  vm_pid=$!
fi

dotnet test Solo5Net.sln -c Release --no-build -nologo -v q \
  --logger "trx" --results-directory "$results" "${host_filter[@]}" \
  --blame-hang-timeout 10m -- RunConfiguration.TestSessionTimeout=1800000
test_status=$?

if [ -n "$vm_pid" ]; then
  wait "$vm_pid"
  vm_status=$?
  grep -E '^(Passed|Failed)!|run-in-vm:' "$results/vm.log"
  if [ "$vm_status" -ne 0 ]; then
    tail -n 40 "$results/vm.log" >&2
    # The tests the VM was running when it failed or was stopped (its log lies in the shared checkout).
    if [ -f "$results/vm/dotnet-test.log" ]; then
      echo "the end of the VM's test log:" >&2
      grep -E 'aborted|hang|following test|^ *Failed ' "$results/vm/dotnet-test.log" >&2
      tail -n 8 "$results/vm/dotnet-test.log" >&2
    fi
    test_status=$vm_status
  fi
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx "$results"/vm/*.trx; do
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
for trx in "$results"/*.trx "$results"/vm/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/FAILED: \1/p'
done
[ "$skipped" -gt 0 ] && echo "${skipped} skipped (they need /dev/kvm and root; with CI set they fail instead)"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
