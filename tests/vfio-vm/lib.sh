# Shared by build-initrd.sh and run-in-vm.sh (sourced, not executed).
# Finds what the VFIO test VM needs on the host: QEMU, a Debian kernel with its modules, a static
# busybox. Every failure is one line naming what is missing and how to get it.

VFIO_VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The checkout this harness belongs to (tests/vfio-vm/ inside it): shared into the VM at its own
# path, so the programs built in it can be run there even from a checkout under /tmp or /run,
# which the VM covers with its own.
VFIO_VM_REPO=$(cd "$VFIO_VM_DIR/../.." && pwd)
VFIO_VM_QEMU=${VFIO_VM_QEMU:-qemu-system-x86_64}
VFIO_VM_BUSYBOX=${VFIO_VM_BUSYBOX:-/bin/busybox}

# Modules the VM loads: the VFIO PCI driver with the type1 IOMMU backend (a soft dependency,
# not in modules.dep), and 9p over virtio for the shared folders. Their dependencies come from
# the kernel's own modules.dep.
VFIO_VM_MODULES=(vfio_iommu_type1 vfio_pci virtio_pci 9pnet_virtio 9p)
# With --kvm: KVM on the CPU that QEMU's software emulation offers (-cpu max has SVM, not VMX), so
# unikernels run inside the VM under nested paging, and tun for the tests' taps (docs/platform.md §7).
VFIO_VM_KVM_MODULES=(kvm_amd tun)
# With --nics: the driver of the VM kernel's own network card (QEMU's e1000e). The e1000 and
# virtio-net cards go to vfio-pci; their kernel drivers (e1000, virtio_net) are never loaded.
VFIO_VM_NIC_MODULES=(e1000e)

vfio_vm_fail() { echo "run-in-vm: $*" >&2; return 1; }

# Prints the version of the newest kernel in /boot that has a readable image and its modules
# (vfio-pci among them) in /lib/modules. The host's running kernel does not matter: the VM boots
# the packaged one. VFIO_VM_KERNEL_VERSION overrides the choice.
vfio_vm_kernel_version() {
    local v candidates
    if [[ -n ${VFIO_VM_KERNEL_VERSION:-} ]]; then
        candidates=$VFIO_VM_KERNEL_VERSION
    else
        candidates=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' 2>/dev/null \
            | sed 's/^vmlinuz-//' | sort -Vr)
    fi
    for v in $candidates; do
        [[ -r /boot/vmlinuz-$v && -f /lib/modules/$v/modules.dep ]] || continue
        grep -Eq '/vfio-pci\.ko(\.(xz|zst|gz))?:' "/lib/modules/$v/modules.dep" || continue
        echo "$v"
        return 0
    done
    vfio_vm_fail "no kernel with VFIO modules: need a readable /boot/vmlinuz-V and /lib/modules/V with vfio-pci (apt-get install linux-image-amd64)"
}

# Checks every host prerequisite; prints nothing on success.
vfio_vm_check() {
    command -v "$VFIO_VM_QEMU" >/dev/null || { vfio_vm_fail "$VFIO_VM_QEMU not found (apt-get install qemu-system-x86)"; return 1; }
    "$VFIO_VM_QEMU" -device help 2>/dev/null | grep -q '"edu"' \
        || { vfio_vm_fail "$VFIO_VM_QEMU has no edu device"; return 1; }
    [[ -x $VFIO_VM_BUSYBOX ]] || { vfio_vm_fail "$VFIO_VM_BUSYBOX not found (apt-get install busybox-static)"; return 1; }
    if LC_ALL=C ldd "$VFIO_VM_BUSYBOX" >/dev/null 2>&1; then
        vfio_vm_fail "$VFIO_VM_BUSYBOX is dynamically linked; the VM needs a static one (apt-get install busybox-static)"
        return 1
    fi
    local tool
    for tool in cpio timeout; do
        command -v "$tool" >/dev/null || { vfio_vm_fail "$tool not found (apt-get install $tool)"; return 1; }
    done
    vfio_vm_kernel_version >/dev/null
}

# Prints the module files (paths relative to /lib/modules/V) to load, dependencies first.
vfio_vm_module_load_order() {
    local kver=$1 dir=/lib/modules/$1 line path name
    local -A deps_of path_of builtin seen
    while IFS= read -r line; do
        path=${line%%:*}
        name=${path##*/}; name=${name%%.ko*}; name=${name//-/_}
        path_of[$name]=$path
        deps_of[$name]=${line#*:}
    done <"$dir/modules.dep"
    if [[ -f $dir/modules.builtin ]]; then
        while IFS= read -r path; do
            name=${path##*/}; name=${name%%.ko*}; builtin[${name//-/_}]=1
        done <"$dir/modules.builtin"
    fi
    local -a order=()
    visit() {
        local n=$1 dep
        [[ -n ${seen[$n]:-} ]] && return 0
        seen[$n]=1
        [[ -n ${builtin[$n]:-} ]] && return 0
        [[ -n ${path_of[$n]:-} ]] || { vfio_vm_fail "kernel $kver has no module $n"; return 1; }
        for dep in ${deps_of[$n]}; do
            dep=${dep##*/}; dep=${dep%%.ko*}
            visit "${dep//-/_}" || return 1
        done
        order+=("${path_of[$n]}")
    }
    for name in "${VFIO_VM_MODULES[@]}"; do
        visit "$name" || return 1
    done
    printf '%s\n' "${order[@]}"
}
