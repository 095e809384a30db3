#!/usr/bin/env bash
# Coverage-guided fuzzing of one target (or all) with afl++ (docs/security.md, "Fuzzing").
#   scripts/fuzz.sh TARGET|all SECONDS
# Targets: `solo5net-fuzz list` (fuzz/Solo5Net.Fuzz/FuzzTargets.cs). Builds fuzz/Solo5Net.Fuzz,
# instruments the target's assemblies under test with SharpFuzz in a copy of its own, and runs
# afl-fuzz at the lowest CPU priority for SECONDS, seeded from fuzz/corpus/TARGET. Findings go to
# artifacts/fuzz/TARGET/findings/default/{crashes,hangs}; the summary line per target comes from
# afl++'s fuzzer_stats. Not part of CI: the test suite only replays the seed corpora.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh TARGET|all SECONDS" >&2
  exit 2
fi
target=$1 seconds=$2

if ! command -v afl-fuzz >/dev/null; then
  bash "$here/scripts/install-deps.sh" --fuzz
fi

work=$here/artifacts/fuzz
dotnet build "$here/fuzz/Solo5Net.Fuzz" -c Release -p:PublishNative=false -nologo -v q >/dev/null \
  || { echo "scripts/fuzz.sh: building fuzz/Solo5Net.Fuzz failed (dotnet build fuzz/Solo5Net.Fuzz -c Release shows why)" >&2; exit 1; }
rm -rf "$work/bin"
mkdir -p "$work"
cp -r "$here/fuzz/Solo5Net.Fuzz/bin/Release/net10.0" "$work/bin"
fuzzer=$work/bin/solo5net-fuzz

if [ "$target" = all ]; then
  targets=$("$fuzzer" list)
else
  "$fuzzer" list | grep -qx "$target" || { echo "scripts/fuzz.sh: unknown target '$target' (one of: $("$fuzzer" list | tr '\n' ' '))" >&2; exit 2; }
  targets=$target
fi

stat() { sed -n "s/^$1 *: *//p" "$2"; }

for t in $targets; do
  dir=$work/$t
  rm -rf "$dir/bin"
  mkdir -p "$dir"
  cp -r "$work/bin" "$dir/bin"
  "$fuzzer" instrument "$t" "$dir/bin" >/dev/null
  echo "== $t: $seconds s, seeds fuzz/corpus/$t, findings $dir/findings" >&2
  # The target is a .NET program: afl++'s own instrumentation checks do not apply (SharpFuzz's
  # fork server speaks afl++'s protocol); the machine is shared, so no CPU binding and lowest priority.
  # afl++ kills the target at the end, which then leaves its socket folder in the temporary
  # folder: remove the ones made during this run.
  started=$(mktemp "$dir/started.XXXXXX")
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1 \
    nice -n 19 afl-fuzz -i "$here/fuzz/corpus/$t" -o "$dir/findings" -t 10000 -m none -V "$seconds" \
      -- "$dir/bin/solo5net-fuzz" run "$t" > "$dir/afl.log" 2>&1 || status=$?
  for _ in $(seq 50); do pgrep -f "$dir/bin/solo5net-fuzz" >/dev/null || break; sleep 0.2; done   # its last child ending
  find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'solo5net-fuzz-*' -newer "$started" -exec rm -rf {} +
  rm -f "$started"
  if [ "${status:-0}" -ne 0 ]; then tail -20 "$dir/afl.log" >&2; exit 1; fi
  stats=$dir/findings/default/fuzzer_stats
  echo "$t: execs $(stat execs_done "$stats"), $(stat execs_per_sec "$stats")/s, edges $(stat edges_found "$stats")/$(stat total_edges "$stats") (bitmap $(stat bitmap_cvg "$stats")), corpus $(stat corpus_count "$stats"), stability $(stat stability "$stats"), crashes $(stat saved_crashes "$stats"), hangs $(stat saved_hangs "$stats")"
  if [ -n "$(ls -A "$dir/findings/default/crashes" 2>/dev/null | grep -v README)" ]; then
    "$fuzzer" replay "$t" "$dir/findings/default/crashes" || true
  fi
done
