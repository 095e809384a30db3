#!/bin/sh
# x86_64-solo5-none-static-ld: the host ld for Solo5 unikernels (docs/c-guide.md); with
# `-z solo5-abi=hvt` it links the hvt bindings with their linker script.
set -u
me=x86_64-solo5-none-static-ld
prefix=$(cd "$(dirname "$0")/.." && pwd)
lib="$prefix/lib/x86_64-solo5-none-static"
host_ld=${SOLO5_HOST_LD:-ld}

abi=
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
    esac
    set -- "$@" "$arg"
done
if [ -n "$after_z" ]; then echo "$me: -z needs an argument" >&2; exit 1; fi

case "$abi" in
    hvt) exec "$host_ld" -nostdlib -static -z max-page-size=0x1000 -z noexecstack --build-id=none \
             -T "$lib/solo5_hvt.lds" "$lib/solo5_hvt.o" "$@" ;;
    "") exec "$host_ld" -nostdlib -static "$@" ;;
    *) echo "$me: unsupported ABI '$abi' (supported: hvt)" >&2; exit 1 ;;
esac
