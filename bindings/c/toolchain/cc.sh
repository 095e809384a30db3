#!/bin/sh
# x86_64-solo5-none-static-cc: the host gcc set up for Solo5 unikernels (docs/c-guide.md).
# Compiles freestanding against PREFIX/include/solo5; a link with `-z solo5-abi=hvt` adds the hvt
# bindings and their linker script. Installed by `make -C bindings/c install PREFIX=DIR`.
set -u
me=x86_64-solo5-none-static-cc
prefix=$(cd "$(dirname "$0")/.." && pwd)
lib="$prefix/lib/x86_64-solo5-none-static"
host_cc=${SOLO5_HOST_CC:-gcc}
gcc_include=$("$host_cc" -print-file-name=include)

abi=
link=yes
after_z=
for arg do
    shift
    if [ -n "$after_z" ]; then
        after_z=
        case "$arg" in
            solo5-abi=*) abi=${arg#solo5-abi=}; continue ;;
            *) set -- "$@" -z "$arg"; continue ;;
        esac
    fi
    case "$arg" in
        -z) after_z=yes; continue ;;
        -zsolo5-abi=*) abi=${arg#-zsolo5-abi=}; continue ;;
        -c|-S|-E|-M|-MM) link= ;;
    esac
    set -- "$@" "$arg"
done
if [ -n "$after_z" ]; then echo "$me: -z needs an argument" >&2; exit 1; fi

# The stack protector's canary is a global: FS is the application's TLS pointer.
set -- -ffreestanding -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx \
    -mno-80387 -fstack-protector-strong -mstack-protector-guard=global \
    -fno-asynchronous-unwind-tables -nostdinc -isystem "$gcc_include" -isystem "$prefix/include/solo5" "$@"

if [ -z "$link" ]; then exec "$host_cc" "$@"; fi
case "$abi" in
    hvt) exec "$host_cc" -nostdlib -static -no-pie -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
             -Wl,--build-id=none -T "$lib/solo5_hvt.lds" "$lib/solo5_hvt.o" "$@" -lgcc ;;
    "") exec "$host_cc" -nostdlib -static -no-pie "$@" ;;
    *) echo "$me: unsupported ABI '$abi' (supported: hvt)" >&2; exit 1 ;;
esac
