#!/bin/sh
# Rewrites every SSE register-zeroing idiom `xorps %xmmN,%xmmN` in a guest image into a 3- or 4-byte
# `ud2` marker: 0F 0B (E0|N) for the 3-byte form, 0F 0B (F0|N) 90 for the 4-byte (REX) form.
# ilc emits the idiom to zero stack frames and structs; this machine's software KVM cannot execute
# it (docs/platform.md). start.S's #UD handler recognises the marker, zeroes xmmN with a plain
# load (which the KVM can execute) and resumes after it.
# Fails if the idiom appears in the start-up code that runs before the guest's IDT exists.
set -eu
image="$1"
text=$(objdump -h "$image" | awk '$2 == ".text" { print $4, $6 }')
[ -n "$text" ] || { echo "$image: error GUEST022: no .text section" >&2; exit 1; }
set -- $text
vma=$((0x$1)); fileoff=$((0x$2))
objdump -d "$image" | awk '
    /^[0-9a-f]+ <.*>:$/ { fn = $2; next }
    /\txorps +%xmm[0-9]+,%xmm[0-9]+$/ {
        n = split($0, f, "\t"); insn = f[3]; sub(/^xorps +/, "", insn); split(insn, r, ",")
        if (r[1] != r[2]) next
        reg = r[1]; sub(/%xmm/, "", reg)
        addr = f[1]; sub(/:.*/, "", addr); gsub(/ /, "", addr)
        bytes = f[2]; gsub(/ +$/, "", bytes)
        print fn, addr, reg, split(bytes, b, " ")
    }' | while read -r fn addr reg len; do
    case "$fn" in
        "<Solo5_Bindings_Solo5Net_Guest_CpuInit__Initialize>:"|"<Solo5_Bindings_Solo5Net_Guest_DescriptorTables__Load>:")
            echo "$image: error GUEST023: SSE zeroing in $fn, which runs before the IDT exists" >&2; exit 1 ;;
    esac
    off=$((0x$addr - vma + fileoff))
    if [ "$len" = 3 ]; then
        marker=$(printf '\\%03o' $((0xE0 | reg)))
        printf "\\017\\013$marker" | dd of="$image" bs=1 seek="$off" conv=notrunc status=none
    elif [ "$len" = 4 ]; then
        marker=$(printf '\\%03o' $((0xF0 | reg)))
        printf "\\017\\013$marker\\220" | dd of="$image" bs=1 seek="$off" conv=notrunc status=none
    else
        echo "$image: error GUEST024: unexpected ${len}-byte xorps at 0x$addr in $fn" >&2; exit 1
    fi
done
