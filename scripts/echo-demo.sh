#!/usr/bin/env bash
# The main demo: a C# unikernel drives an (emulated) Intel e1000 directly through PCI_BASIC and
# serves TCP/UDP echo (RFC 862) and ping to Linux, all inside a private network namespace.
#
#   sudo scripts/echo-demo.sh [pci|virtio|net]
#
#   pci (default): hvt-devemu serves an e1000 on a tap over vfio-user; hvt-tender attaches it with
#                  --pci-dev:net0=vfio-user:SOCKET and boots EchoServer.hvt, whose own C# driver runs it.
#   virtio:        the same with hvt-devemu's virtio-net: the same EchoServer.hvt picks its virtio driver.
#   net:           hvt-tender attaches the tap as Solo5 NET_BASIC and boots EchoServer-net.hvt.
#
# Needs root (KVM, namespaces); installs the Debian packages it needs (scripts/install-deps.sh). Everything it creates is removed on exit; it
# never sends traffic outside its namespace. Bounded in time. On a host without /dev/kvm it builds
# here and runs the unikernel inside the project's test VM on nested KVM (docs/platform.md §7).
# (--built, used for that, skips the build.)
set -euo pipefail

built=0
[ "${1:-}" = --built ] && { built=1; shift; }
link=${1:-pci}
case "$link" in pci | virtio | net) ;; *) echo "usage: $0 [pci|virtio|net]" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "echo-demo: must run as root (needs /dev/kvm and network namespaces)" >&2; exit 1; }
repo=$(cd "$(dirname "$0")/.." && pwd)
step() { printf '\n== %s\n' "$*"; }

tender="$repo/artifacts/hvt-tender/Release/hvt-tender"
devemu="$repo/devices/Hvt.DevEmu/bin/Release/net10.0/hvt-devemu"
image="$repo/examples/EchoServer/bin/Release/net10.0/EchoServer.hvt"
[ "$link" = net ] && image="$repo/examples/EchoServer/bin/Release/net10.0/EchoServer-net.hvt"

if [ "$built" = 0 ]; then
  bash "$repo/scripts/install-deps.sh" || { echo "echo-demo: installing the Debian packages it needs failed" >&2; exit 1; }
  command -v dotnet >/dev/null || { echo "echo-demo: dotnet is not installed" >&2; exit 1; }
  step "building hvt-tender (native), hvt-devemu and the EchoServer unikernel"
  for project in tender/Hvt.Tender devices/Hvt.DevEmu examples/EchoServer; do
    dotnet build "$repo/$project" -c Release -v q -nologo >/dev/null \
      || { echo "echo-demo: building $project failed (run: dotnet build $project -c Release)" >&2; exit 1; }
  done
  if [ ! -e /dev/kvm ]; then
    vm_check=$(bash "$repo/tests/vfio-vm/run-in-vm.sh" --check 2>&1) \
      || { echo "echo-demo: no /dev/kvm on this host, and the test VM cannot run: $(tail -n 1 <<<"$vm_check")" >&2; exit 1; }
    step "no /dev/kvm on this host: running the demo inside the test VM, on nested KVM (about two minutes)"
    exec bash "$repo/tests/vfio-vm/run-in-vm.sh" --no-bind --kvm --writable-repo --cpus 2 --memory 2048 --timeout 900 \
      "bash $(printf '%q' "$repo/scripts/echo-demo.sh") --built $link"
  fi
fi
for tool in ip python3 ping; do
  command -v "$tool" >/dev/null || { echo "echo-demo: $tool is not installed" >&2; exit 1; }
done
for file in "$tender" "$devemu" "$image"; do
  [ -f "$file" ] || { echo "echo-demo: $file was not built" >&2; exit 1; }
done
echo "unikernel: $image ($(stat -c %s "$image") bytes)"

work=$(mktemp -d /tmp/s5n-echo-demo.XXXXXX)
ns="s5n-echo-demo-$$"
model=e1000
[ "$link" = virtio ] && model=virtio-net
sock="$work/$model.sock"
guest_ip=10.0.0.2
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT


step "network namespace $ns: tap0 with the host side 10.0.0.1/24"
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" addr add 10.0.0.1/24 dev tap0
ip -n "$ns" link set tap0 up

if [ "$link" != net ]; then
  step "hvt-devemu: an emulated $model on tap0, served over vfio-user at $sock"
  ip netns exec "$ns" timeout 300 "$devemu" "$model" --socket "$sock" --tap tap0 \
    >"$work/devemu.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
  [ -S "$sock" ] || { echo "echo-demo: hvt-devemu did not start:" >&2; cat "$work/devemu.log" >&2; exit 1; }
  tender_args=("--pci-dev:net0=vfio-user:$sock" "--pci-dma:net0=16M")
else
  tender_args=("--net:service=tap0")
fi

step "hvt-tender ${tender_args[*]} $(basename "$image") --ipv4=$guest_ip/24"
ip netns exec "$ns" timeout 300 "$tender" "${tender_args[@]}" "$image" \
  "--ipv4=$guest_ip/24" "--ipv4-gateway=10.0.0.1" >"$work/tender.log" 2>&1 &
pids+=($!)
for _ in $(seq 1800); do grep -q "echo: .* up" "$work/tender.log" && break; sleep 0.1; done
cat "$work/tender.log"
grep -q "echo: .* up" "$work/tender.log" || { echo "echo-demo: the unikernel did not come up" >&2; exit 1; }

client="$repo/examples/EchoServer/tools/echo-client.py"
status=0
step "ping $guest_ip (ICMP echo)"
ip netns exec "$ns" ping -c 3 -i 0.2 -W 5 "$guest_ip" || status=1
step "UDP echo to $guest_ip:7"
ip netns exec "$ns" timeout 60 python3 "$client" udp "$guest_ip" --message "hello from Linux over UDP" || status=1
step "TCP echo to $guest_ip:7: 1 MiB, compared byte for byte"
ip netns exec "$ns" timeout 120 python3 "$client" tcp "$guest_ip" --bytes 1048576 || status=1
step "TCP echo: 4 connections at once"
ip netns exec "$ns" timeout 120 python3 "$client" tcp "$guest_ip" --bytes 65536 --connections 4 || status=1
step "TCP echo with bash's /dev/tcp"
reply=$(ip netns exec "$ns" timeout 30 bash -c "exec 3<>/dev/tcp/$guest_ip/7; printf 'hello, unikernel\n' >&3; head -n 1 <&3") || status=1
echo "sent 'hello, unikernel', got back '$reply'"
[ "$reply" = "hello, unikernel" ] || status=1

if [ "$status" -eq 0 ]; then step "all echoes came back"; else step "SOME ECHOES FAILED"; fi
exit "$status"
