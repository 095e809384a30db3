#!/usr/bin/env bash
# Runs the tests that need KVM (trait Requires=kvm) inside the test VM, on nested KVM, for a host
# without /dev/kvm (docs/platform.md §7). The test assemblies must be built (Release). Results go
# to TestResults/vm/*.trx of this checkout, which the VM shares read-write.
#
# usage: scripts/test-kvm-in-vm.sh [--with-slow] [--with-builds] [--filter EXPR] [--timeout SECONDS] [TEST.dll ...]
#   --with-slow  includes the Slow category
#   --with-builds  includes the DotnetBuild category (tests whose fixture runs `dotnet build`)
#   --filter  narrows the selection further (a dotnet test filter, and-ed with Requires=kvm)
#   TEST.dll  the assemblies to run (default: each tests/*/bin/Release/net10.0/*.Tests.dll whose
#             project has [KvmFact] or [KvmTheory] tests, except Tender.Tests and Sdk.Tests: see below)
# Exit status: dotnet test's inside the VM, or run-in-vm.sh's (124 timeout, 125 harness failure).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

# The Slow category (a million operations each: Soak/, Properties/DirectHypercallProperties) is
# left out: under emulation those take longer than the whole CI budget. They run on hosts with
# their own /dev/kvm, or here with --with-slow. So is the DotnetBuild category: a `dotnet build`
# under emulation takes 5-6 minutes in an idle VM and more in a loaded one (measured 2026-12-06:
# the one such test, Guest.Tests' OutputDirectoryBuildTests, was the last to finish and then, in a
# CI run, the cause of its stall); --with-builds runs it.
# In the default selection, a test that runs 5 minutes (the longest takes under 2 there) is named
# and its test host stopped (VSTest's hang blame).
filter="Requires=kvm&Category!=Slow&Category!=DotnetBuild" timeout_s= default_selection=1 dlls=() tender_subset=
tender_subset_name="Tender.Tests (confinement, lifecycle and counting)"
tender_subset_filter="FullyQualifiedName~Solo5Net.Tests.Tender.Security.|FullyQualifiedName~Solo5Net.Tests.Tender.Lifecycle.|FullyQualifiedName~Solo5Net.Tests.Tender.Instructions."
while [[ $# -gt 0 ]]; do
    case $1 in
        --filter) [[ -n ${2:-} ]] || { echo "test-kvm-in-vm: --filter needs an expression" >&2; exit 2; }
                  filter="$filter&($2)"; shift ;;
        --with-slow) filter=${filter/&Category!=Slow/}; default_selection= ;;
        --with-builds) filter=${filter/&Category!=DotnetBuild/}; default_selection= ;;
        --timeout) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "test-kvm-in-vm: --timeout needs seconds" >&2; exit 2; }
                   timeout_s=$2; shift ;;
        -*) echo "test-kvm-in-vm: unknown option $1" >&2; exit 2 ;;
        *) [[ -f $1 ]] || { echo "test-kvm-in-vm: no such test assembly: $1" >&2; exit 2; }
           dlls+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")") ;;
    esac
    shift
done
# The default run's timeout keeps a CI run that meets a stalled VM within its 30-minute budget
# (the VM run took 15-22 minutes in the runs measured, the build before it 3); named assemblies get longer.
[[ ${#dlls[@]} -eq 0 ]] || default_selection=
[[ -n $timeout_s ]] || if [[ -n $default_selection ]]; then timeout_s=1440; else timeout_s=3000; fi
blame=
[[ -z $default_selection ]] || blame=" --blame-hang-timeout 5m --blame-hang-dump-type none"
if [[ ${#dlls[@]} -eq 0 ]]; then
    # Only the assemblies that have KVM tests: starting a test host under emulation costs a minute.
    # Tender.Tests runs only a subset by default (below): measured 2026-12-06, one of its
    # guests wedged the VM (the VM kernel: "soft lockup - CPU#1 stuck for 421s! [hvt-tender]", a
    # vCPU never leaving the nested guest), not yet traced to its test. Name its assembly to run all of it.
    for dll in tests/*/bin/Release/net10.0/*.Tests.dll; do
        project=${dll%%/bin/*}
        # Left out by default, because under emulation they would take the whole run past the CI
        # budget (docs/platform.md §7); naming the assembly runs them: Tender.Tests' KVM tests (363,
        # one at a time: about 20 minutes) and Sdk.Tests' (a dotnet pack, new and build of both
        # templates inside the VM before the images run: about 13 minutes).
        # Of Tender.Tests, the default run keeps the confinement tests (Security/): the allow-list
        # and the privilege drop are seen only by a running tender, and the other assemblies'
        # guests already run confined (ring I/O, PCI, signals); the lifecycle's (Lifecycle/:
        # signals, exit codes, dumpcore, the descriptors and threads a running tender holds); and
        # the instruction counter's (Instructions/), which only single-stepping on this KVM can show.
        if [[ $project = tests/Tender.Tests && -f $dll ]]; then tender_subset=$here/$dll; continue; fi
        [[ $project = tests/Sdk.Tests ]] && continue
        [[ -f $dll ]] && grep -rqE --include='*.cs' '\[Kvm(Fact|Theory)' "$project" && dlls+=("$here/$dll")
    done
fi
[[ ${#dlls[@]} -gt 0 || -n $tender_subset ]] || { echo "test-kvm-in-vm: no built test assemblies (build Release first)" >&2; exit 2; }

results=$here/TestResults/vm
rm -rf "$results"
mkdir -p "$results"
# Inside the VM: the host's userland at its own paths, a private /tmp, no network but loopback.
# One test host at a time in a VM, and Tender.Tests one test at a time: with two test hosts in
# one VM, or its test collections in parallel, several tenders and their I/O threads at once
# wedged the VM (a vCPU stuck in the nested guest for minutes, then RCU stalls; docs/platform.md
# §7). The other assemblies keep xUnit's parallel collections.
log=$results/dotnet-test.log
packages=$(dotnet nuget locals global-packages -l | sed -n 's/^global-packages: //p')
run_tests() { # JOB-NAME DLLS... -- EXTRA RUNSETTINGS...: one dotnet test command line for the VM ($filter)
    local job=$1 dlls=() extra=()
    shift
    while [[ $1 != -- ]]; do dlls+=("$1"); shift; done
    shift
    extra=("$@")
    # The results file is named after the job: two VMs finishing in the same second would give
    # VSTest's default, time-stamped name twice.
    printf 'dotnet test%s --filter %q --logger %q --logger %q --results-directory %q%s -- RunConfiguration.MaxCpuCount=1 RunConfiguration.TestSessionTimeout=%d%s >>%q 2>&1 || status=1; ' \
        "$(printf ' %q' "${dlls[@]}")" "$filter" "trx;LogFileName=$job.trx" 'console;verbosity=normal' "$results" "$blame" \
        $((timeout_s * 1000)) "${extra[*]:+ ${extra[*]}}" "$results/$job.log"
}
jobs=() names=()
part_log() { echo "$results/job$1.log"; } # JOB-INDEX: where that job's dotnet test writes
add_job() { # NAME DLL EXTRA-RUNSETTINGS...
    local name=$1 dll=$2 job=job${#jobs[@]}
    shift 2
    names+=("$name")
    jobs+=("$(run_tests "$job" "$dll" -- "$@")")
}
for dll in "${dlls[@]}"; do
    one_at_a_time=()
    [[ $(basename "$dll") != Tender.Tests.dll ]] || one_at_a_time=(xUnit.ParallelizeTestCollections=false)
    add_job "$(basename "$dll" .dll)" "$dll" "${one_at_a_time[@]}"
done
if [[ -n $tender_subset ]]; then
    filter="$filter&($tender_subset_filter)"
    add_job "$tender_subset_name" "$tender_subset" xUnit.ParallelizeTestCollections=false
fi
# VSTEST_CONNECTION_TIMEOUT: a test host starting under emulation, with the host loaded, can take
# minutes to connect (vstest's default allows 90 s); a longer wait would be a silent stall.
# A `dotnet build` in the VM (--with-builds, Sdk.Tests) leaves no MSBuild node or compiler server
# behind, which would outlive the test that started it.
environment="cd $(printf '%q' "$here") && export CI=1 DOTNET_CLI_HOME=/tmp DOTNET_NOLOGO=1 \
NUGET_PACKAGES=$(printf '%q' "$packages") NuGetAudit=false \
DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 VSTEST_CONNECTION_TIMEOUT=300 \
MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false && status=0; "

# Two VMs side by side, one emulated CPU each: both host cores work, and no VM runs QEMU's
# multi-threaded emulation, which wedges nested KVM (docs/platform.md §7, "Two VMs of one CPU
# each"). Each VM takes the next assembly from one queue, the longest first (each VM's whole run,
# measured on 2026-12-07: EchoServer.Tests 7 minutes, Pci.Tests 4.3, Guest.Tests and the Tender.Tests
# subset 4, Manifest.Tests 2, mostly a VM's and a test host's start); others after them.
longest_first=(EchoServer.Tests Pci.Tests Guest.Tests "$tender_subset_name" Manifest.Tests)
rank() { # JOB-NAME: its place in longest_first, or after all of them
    local k
    for k in "${!longest_first[@]}"; do [[ ${longest_first[$k]} != "$1" ]] || { echo "$k"; return; }; done
    echo "${#longest_first[@]}"
}
mapfile -t order < <(for i in "${!jobs[@]}"; do echo "$(rank "${names[$i]}") $i"; done | sort -n -s -k1,1 | cut -d' ' -f2)
queue=$results/queue
echo 0 >"$queue"
take_job() { # prints the index of the next job in the queue, or nothing once it is empty
    local position
    position=$(flock "$queue" bash -c 'read -r n <"$0"; echo $((n + 1)) >"$0"; echo "$n"' "$queue")
    (( position >= ${#order[@]} )) || echo "${order[$position]}"
}

# Each assembly in a VM of its own, all within the one bound. A VM whose kernel found a CPU stuck
# (the nested-SVM wedge of docs/platform.md §7: it panics on the soft lockup or RCU stall and ends
# with 125, no result written) runs its assembly once more in a fresh VM if 5 minutes of the bound
# remain; a failed test is never retried.
deadline=$(( $(date +%s) + timeout_s ))
run_lane() { # runs assemblies from the queue until it is empty; exit status 0, the last failure's, or 124
    local i attempt remaining command status overall=0
    while i=$(take_job) && [[ -n $i ]]; do
        for attempt in 1 2; do
            remaining=$(( deadline - $(date +%s) ))
            if (( remaining < 60 )); then
                echo "test-kvm-in-vm: no time left for ${names[$i]} within the ${timeout_s} s bound" >&2
                return 124
            fi
            : >"$(part_log "$i")"
            command="$environment${jobs[$i]} cat $(printf '%q' "$(part_log "$i")"); exit \$status"
            status=0
            bash tests/vfio-vm/run-in-vm.sh --no-bind --kvm --writable-repo --memory 6144 \
                --timeout "$((remaining + 120))" "$command" || status=$?
            if [[ $status = 125 && $attempt = 1 ]] && (( deadline - $(date +%s) >= 300 )); then
                echo "test-kvm-in-vm: the VM died during ${names[$i]} (above: its console); running ${names[$i]} again in a new VM" >&2
                mv "$(part_log "$i")" "$results/job$i.died.log"
                continue
            fi
            [[ $status = 0 ]] || overall=$status
            break
        done
    done
    return "$overall"
}
# Each lane's output goes to its own file, printed whole when the lane ends, so that the two VMs'
# consoles do not interleave.
lane_pids=()
trap 'for pid in "${lane_pids[@]}"; do pkill -TERM -P "$pid"; kill "$pid"; done 2>/dev/null; exit 143' TERM INT HUP
for lane in 0 1; do
    run_lane >"$results/lane$lane.out" 2>&1 &
    lane_pids+=($!)
done
overall=0
for lane in 0 1; do
    status=0
    wait "${lane_pids[$lane]}" || status=$?
    cat "$results/lane$lane.out"
    [[ $status = 0 || $overall != 0 ]] || overall=$status
done
# One test log, in the order of the jobs (a dead VM's partial log before its retry's).
for i in "${!jobs[@]}"; do
    cat "$results/job$i.died.log" "$(part_log "$i")" 2>/dev/null || true
done >"$log"
rm -f "$results"/job*.log "$results"/lane*.out "$queue"
exit "$overall"
