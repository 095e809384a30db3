#!/bin/bash
# Runs a shell command inside a Linux VM (QEMU, software emulation) whose emulated IOMMU lets the
# real Linux VFIO driver hand QEMU's edu PCI device (1234:11e8) to user space. The command runs
# as root, chrooted into this host's root (shared read-only; /proc, /sys, /dev, /tmp, /run are the
# VM's), where this repository is shared read-only at its own path too (so it is there even when it
# lies under /tmp), with EDU_BDF (e.g. 0000:00:03.0) and EDU_GROUP (its IOMMU group) set and the
# device bound to vfio-pci (unless --no-bind). With --kvm, KVM (nested, on the
# emulated CPU's SVM) and tun are loaded and loopback is up, so unikernels and their tests run there.
# --writable-repo shares the repository read-write (tests write their results and scratch files
# there); --cpus gives the VM more than one emulated CPU (all emulated on one host thread, see below;
# --cpu-threads gives each its own, faster and less safe). --nics adds
# three network cards on one QEMU hub (frames flood to every port; nothing leaves QEMU): an e1000
# and a modern-only virtio-net (MSI-X) bound to vfio-pci for unikernels (E1000_BDF, VIRTIO_NET_BDF),
# and an e1000e the VM's kernel keeps as VM_NIC with 10.0.0.1/24.
#
# Its stdout and stderr become this script's; the exit status is the command's, or
#   124  the VM did not finish within --timeout,
#   125  the harness failed (VM did not boot, modules, binding): one "run-in-vm: ..." line says why,
#   2    bad usage of this script.
# --check only verifies the host prerequisites (exit 0, or 1 with the reason).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    cat >&2 <<'USAGE'
usage: run-in-vm.sh [--no-bind] [--shared-group] [--kvm] [--nics] [--writable-repo] [--cpus N [--cpu-threads]] [--timeout SECONDS] [--memory MIB] [--console FILE] [--verbose] 'COMMAND'
       run-in-vm.sh --check
USAGE
    exit 2
}

bind=1 shared_group=0 kvm=0 nics=0 repo_mode=ro cpus=1 tcg_thread=single timeout_s=300 memory_mib=1024 console_copy= verbose=0 command=
while [[ $# -gt 0 ]]; do
    case $1 in
        --check) vfio_vm_check || exit 1; echo "kernel $(vfio_vm_kernel_version), $("$VFIO_VM_QEMU" --version | head -1)"; exit 0 ;;
        --no-bind) bind=0 ;;
        --shared-group) shared_group=1 ;;
        --kvm) kvm=1 ;;
        --nics) nics=1 ;;
        --writable-repo) repo_mode=rw ;;
        --cpus) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; cpus=$2; shift ;;
        --timeout) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; timeout_s=$2; shift ;;
        --memory) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; memory_mib=$2; shift ;;
        --console) [[ -n ${2:-} ]] || usage; console_copy=$2; shift ;;
        --cpu-threads) tcg_thread=multi ;;
        --verbose) verbose=1 ;;
        --) shift; [[ $# -eq 1 ]] || usage; command=$1 ;;
        -*) usage ;;
        *) [[ -z $command ]] || usage; command=$1 ;;
    esac
    shift
done
[[ -n $command ]] || usage

vfio_vm_check || exit 125
kver=$(vfio_vm_kernel_version)

job=$(mktemp -d "${TMPDIR:-/tmp}/vfio-vm-job.XXXXXX")
vm_pid=
cleanup() {
    [[ -z $vm_pid ]] || kill "$vm_pid" 2>/dev/null || true
    rm -rf "$job"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP
mkdir "$job/share"
printf '%s\n' "$command" >"$job/share/command"
echo "$bind" >"$job/share/bind"
echo "$kvm" >"$job/share/kvm"
echo "$nics" >"$job/share/nics"
echo "$VFIO_VM_REPO" >"$job/share/repo"
echo "$repo_mode" >"$job/share/repo-mode"
# Where the host's .NET lives, if it is not the default: the command runs the host's runtime.
for var in DOTNET_ROOT; do
    [[ -z ${!var:-} ]] || echo "$var=${!var}" >>"$job/share/env"
done
touch "$job/share/env"
initrd_options=()
[[ $kvm = 0 ]] || initrd_options+=(--kvm)
[[ $nics = 0 ]] || initrd_options+=(--nics)
bash "$VFIO_VM_DIR/build-initrd.sh" "${initrd_options[@]}" "$job/initrd.cpio" "$kver" || exit 125

if [[ $shared_group = 1 ]]; then
    # Behind a conventional PCI bridge the IOMMU cannot tell devices apart: edu shares its group
    # with a virtio-rng device that virtio-pci drives. (shpc=off: no hotplug driver on the bridge.)
    devices=(-device pci-bridge,id=vfio_vm_bridge,chassis_nr=1,shpc=off
        -device edu,bus=vfio_vm_bridge,addr=1 -device virtio-rng-pci,bus=vfio_vm_bridge,addr=2)
else
    devices=(-device edu)
fi
if [[ $nics = 1 ]]; then
    # One hub, three ports. virtio-net: modern only (1af4:1041, MSI-X), and iommu_platform=on so its
    # DMA goes through the emulated IOMMU like any passed-through device's (the driver accepts
    # ACCESS_PLATFORM). The e1000e is the VM kernel's own card (its e1000 module is not loaded).
    devices+=(-netdev hubport,id=vfio_vm_port0,hubid=0 -device e1000,netdev=vfio_vm_port0,mac=02:00:00:00:0a:01
        -netdev hubport,id=vfio_vm_port1,hubid=0
        -device virtio-net-pci,netdev=vfio_vm_port1,mac=02:00:00:00:0a:02,disable-legacy=on,iommu_platform=on
        -netdev hubport,id=vfio_vm_port2,hubid=0 -device e1000e,netdev=vfio_vm_port2,mac=02:00:00:00:0a:0f)
fi

console=$job/console.log
qemu=(
    "$VFIO_VM_QEMU" -accel "tcg,thread=$tcg_thread" -cpu max -smp "$cpus" -m "$memory_mib"
    -machine q35 -device intel-iommu,intremap=on,caching-mode=on "${devices[@]}"
    -nic none -display none -monitor none -serial stdio -no-reboot
    -virtfs "local,path=/,mount_tag=host0,security_model=none,readonly=on,multidevs=remap"
    -virtfs "local,path=${VFIO_VM_REPO//,/,,},mount_tag=repo0,security_model=none$([[ $repo_mode = rw ]] || echo ,readonly=on),multidevs=remap"
    -virtfs "local,path=$job/share,mount_tag=job0,security_model=none"
    -kernel "/boot/vmlinuz-$kver" -initrd "$job/initrd.cpio"
    -append "console=ttyS0 intel_iommu=on iommu=pt quiet panic=-1 no_timer_check softlockup_panic=1 watchdog_thresh=60 sysctl.kernel.panic_on_rcu_stall=1 rcupdate.rcu_cpu_stall_timeout=120"
)
# thread=single: QEMU 7.2's multi-threaded TCG (one host thread per emulated CPU) with KVM running
# nested guests inside the VM wedged the VM or corrupted its kernel's memory within minutes
# (docs/platform.md §7, "One host thread for the VM's CPUs"); one thread for all CPUs did not.
# --cpu-threads gives each CPU its own thread again, for a one-off run that needs the speed and
# takes the risk; CI's KVM tests run in two VMs of one CPU instead (same section).
# softlockup_panic=1: a CPU stuck in the kernel (a vCPU that never leaves the nested guest,
# docs/platform.md §7) ends the VM, exit 125, instead of at --timeout. watchdog_thresh=60 makes
# "stuck" mean 2 minutes, not 20 s: an emulated CPU starved by a loaded host must not count.
# The same wedge can show as RCU stalls instead ("rcu_preempt kthread starved", 2026-12-07):
# panic_on_rcu_stall ends the VM on those too, after the same 2 minutes (rcu_cpu_stall_timeout).
# no_timer_check: on a loaded host the emulated CPU can be too slow for the kernel's check that the
# timer interrupt arrives through the interrupt-remapped IO-APIC, and the kernel then panics at boot
# ("timer doesn't work through Interrupt-remapped IO-APIC"; seen 2026-12-06 with the load at 40).
started=$(date +%s.%N)
timeout --kill-after=10 "$timeout_s" "${qemu[@]}" </dev/null >"$console" 2>&1 &
vm_pid=$!
[[ $verbose = 0 ]] || tail -n +1 -f --pid="$vm_pid" "$console" >&2 &
qemu_status=0
wait "$vm_pid" || qemu_status=$?
vm_pid=
wait
finished=$(date +%s.%N)
[[ -z $console_copy ]] || cp "$console" "$console_copy"

out=$job/share/out
if [[ -f $out/status ]]; then
    cat "$out/stdout"
    cat "$out/stderr" >&2
    printf 'run-in-vm: VM ran %.1f s, command exit status %s\n' "$(awk -v a="$started" -v b="$finished" 'BEGIN { print b - a }')" "$(cat "$out/status")" >&2
    exit "$(cat "$out/status")"
fi

[[ $verbose = 1 ]] || tail -n 40 "$console" | sed 's/^/run-in-vm: console: /' >&2
if [[ $qemu_status = 124 || $qemu_status = 137 ]]; then
    echo "run-in-vm: the VM did not finish within $timeout_s s" >&2
    exit 124
fi
if [[ -f $out/harness-error ]]; then
    echo "run-in-vm: inside the VM: $(cat "$out/harness-error")" >&2
else
    echo "run-in-vm: the VM stopped (qemu exit status $qemu_status) without a result" >&2
fi
exit 125
