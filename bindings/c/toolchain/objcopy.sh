#!/bin/sh
# x86_64-solo5-none-static-objcopy: the host objcopy, under the name Solo5 build systems call.
exec "${SOLO5_HOST_OBJCOPY:-objcopy}" "$@"
