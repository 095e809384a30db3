#!/bin/bash
# Builds the VFIO test VM's initrd: a static busybox, init (./init), and the kernel modules for
# VFIO and 9p taken from /lib/modules/KVER (decompressed if the kernel ships them compressed).
# Usage: build-initrd.sh [--kvm] [--nics] OUTPUT.cpio [KVER]   (KVER defaults to the newest usable
#        kernel; --kvm adds KVM and tun, docs/platform.md §7; --nics the VM kernel's e1000e driver)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

while [[ ${1:-} = --* ]]; do
    case $1 in
        --kvm) VFIO_VM_MODULES+=("${VFIO_VM_KVM_MODULES[@]}") ;;
        --nics) VFIO_VM_MODULES+=("${VFIO_VM_NIC_MODULES[@]}") ;;
        *) break ;;
    esac
    shift
done
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: build-initrd.sh [--kvm] [--nics] OUTPUT.cpio [KERNEL-VERSION]" >&2; exit 2; }
output=$1
kver=${2:-$(vfio_vm_kernel_version)}
order=$(vfio_vm_module_load_order "$kver")

stage=$(mktemp -d "${TMPDIR:-/tmp}/vfio-vm-initrd.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,host,job,modules}
cp "$VFIO_VM_BUSYBOX" "$stage/bin/busybox"
install -m 0755 "$VFIO_VM_DIR/init" "$stage/init"

for rel in $order; do
    src=/lib/modules/$kver/$rel
    name=${rel##*/}; name=${name%%.ko*}.ko
    case $src in
        *.ko) cp "$src" "$stage/modules/$name" ;;
        *.ko.xz) xz -dc "$src" >"$stage/modules/$name" ;;
        *.ko.zst) zstd -qdc "$src" >"$stage/modules/$name" ;;
        *.ko.gz) gzip -dc "$src" >"$stage/modules/$name" ;;
        *) echo "run-in-vm: unknown module format: $src" >&2; exit 1 ;;
    esac
    echo "$name" >>"$stage/modules/load-order"
done

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc --owner 0:0) >"$output"
