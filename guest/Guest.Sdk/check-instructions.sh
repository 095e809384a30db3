#!/bin/sh
# Lists the SSE/x87 instructions of a guest image that this machine's software KVM cannot execute
# (docs/platform.md); exits 1 if there are any. Plain 128-bit loads/stores between xmm registers and
# memory (movups, movaps, movdqu, movdqa) are emulated and allowed: ilc uses them for struct copies.
# The zeroing idiom xorps %xmmN,%xmmN is allowed too: patch-zeroing.sh (run next) rewrites it.
# Output lines are MSBuild errors: "IMAGE: error GUEST021: <function>+<addr>: <instruction>".
set -eu
image="$1"
objdump -d --no-show-raw-insn "$image" | awk -v image="$image" '
    /^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
    /\t/ {
        split($0, parts, "\t"); insn = parts[2]; addr = parts[1]; sub(/:.*/, "", addr); gsub(/ /, "", addr)
        mnemonic = insn; sub(/ .*/, "", mnemonic)
        uses_sse = insn ~ /%[xyz]mm[0-9]/
        is_x87 = mnemonic ~ /^f/ && mnemonic !~ /^(fs|fwait)/ || insn ~ /%st(\(|$|,)/
        zeroing = 0
        if (mnemonic == "xorps") { ops = insn; sub(/^xorps +/, "", ops); split(ops, r, ","); zeroing = r[1] == r[2] }
        if ((uses_sse && !zeroing && mnemonic !~ /^(movups|movaps|movdqu|movdqa)$/) || is_x87) {
            printf "%s: error GUEST021: %s at 0x%s: %s\n", image, fn, addr, insn; bad++
        }
    }
    END { exit bad ? 1 : 0 }'
