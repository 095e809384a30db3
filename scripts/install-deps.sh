#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need (idempotent; needs root).
# --fuzz: also afl++, which only scripts/fuzz.sh uses (docs/security.md, "Fuzzing").
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(gcc binutils make linux-libc-dev iproute2 iputils-ping tcpdump python3
          lld          # links the native executables static-pie (tender/StartupSettings.props)
          linux-perf   # perf: the benchmarks count guest instructions with it
          valgrind     # callgrind: hvt-bench instructions counts the tender's own
          gdb)         # the --gdb tests drive the tender with the real debugger
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(afl++)    # afl-fuzz drives the SharpFuzz-instrumented targets of fuzz/
fi
if [ -f "$here/tests/vfio-vm/apt-packages.txt" ]; then
  while read -r p; do [ -n "$p" ] && [ "${p:0:1}" != "#" ] && packages+=("$p"); done < "$here/tests/vfio-vm/apt-packages.txt"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
