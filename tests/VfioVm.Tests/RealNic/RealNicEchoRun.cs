using Solo5Net.Tests.VfioVm.Harness;
using Solo5Net.TestSupport;

namespace Solo5Net.Tests.VfioVm.RealNic;

/// <summary>
/// One boot of the test VM with its network cards (run-in-vm.sh --nics, nested KVM): EchoServer.hvt
/// runs on QEMU's e1000, then on QEMU's modern virtio-net, each bound to the real vfio-pci behind the
/// emulated IOMMU and attached by its PCI address, while the VM's own kernel, on its e1000e at
/// 10.0.0.1/24 on the same QEMU hub, pings it and echoes UDP and 384 KiB of TCP through it
/// (examples/EchoServer/tools/echo-client.py, which compares every byte). Every step prints one
/// "NIC: ..." line; <see cref="RealNicEchoTests"/> reads them. Each wait is bounded (the VM's
/// own timeout bounds the whole).
/// </summary>
public sealed class RealNicEchoRun
{
    /// <summary>The cards, in the order they run, with the unikernel's address on each: two addresses,
    /// so the VM kernel's ARP entry for the first card's MAC cannot answer for the second.</summary>
    public static readonly (string Name, string BdfVariable, string Address)[] Cards =
    [
        ("e1000", "E1000_BDF", "10.0.0.2"),
        ("virtio-net", "VIRTIO_NET_BDF", "10.0.0.3"),
    ];

    /// <summary>Enough that the unikernel sends more than 256 frames, so both rings of a 256-entry queue
    /// wrap at least once (a used element straddling a page showed only then, docs/virtio-net.md §4).</summary>
    public const int TcpBytes = 384 * 1024;

    /// <summary>Boot, tender start and the clients under emulation (nested KVM in TCG): generous,
    /// and bounded by the per-step timeouts of the script below.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(18);

    private readonly Lazy<VmRun> _run = new(Boot);

    /// <summary>The VM's run, booted by the first test that asks (none does when they are skipped).</summary>
    public VmRun Run => _run.Value;

    /// <summary>The lines of card <paramref name="name"/>: its steps ("NAME: ...") and its tender's
    /// output ("NAME tender: ...").</summary>
    public IReadOnlyList<string> LinesOf(string name) =>
        Run.StdoutLines.Where(l => l.StartsWith(name + ": ", StringComparison.Ordinal)
            || l.StartsWith(name + " tender: ", StringComparison.Ordinal)).ToList();

    private static VmRun Boot()
    {
        var image = Repo.PathOf("examples", "EchoServer", "bin", Repo.Configuration, "net10.0", "EchoServer.hvt");
        if (!File.Exists(image)) throw new FileNotFoundException($"{image} is built with this test project", image);
        return VfioTestVm.Run(Script(image), kvm: true, nics: true, timeout: Timeout);
    }

    private static string Script(string image)
    {
        var client = Repo.PathOf("examples", "EchoServer", "tools", "echo-client.py");
        var runs = string.Join("\n", Cards.Select(c => $"echo_over {c.Name} \"${c.BdfVariable}\" {c.Address}"));
        return $$"""
            tender={{VfioTestVm.ShellQuote(Repo.NativeTender)}}
            image={{VfioTestVm.ShellQuote(image)}}
            client={{VfioTestVm.ShellQuote(client)}}
            # Interrupts vfio-pci took for device $1 (every vfio-intx / vfio-msi / vfio-msix line, all CPUs).
            irqs() {
                awk -v dev="($1)" 'NR == 1 { cpus = NF; next } index($0, dev) { for (i = 2; i <= cpus + 1; i++) n += $i } END { print n + 0 }' /proc/interrupts
            }
            # echo_over NAME BDF ADDRESS: EchoServer on the card at BDF, then ping, UDP and TCP from this kernel.
            echo_over() {
                log=/tmp/tender-$1.log
                echo "$1: bdf $2"
                "$tender" --mem=64 --verbose --pci-dev:net0=$2 --pci-dma:net0=16M "$image" --ipv4=$3/24 >"$log" 2>&1 &
                pid=$!
                waited=0
                until grep -q '^echo: .* up' "$log"; do
                    if ! kill -0 $pid 2>/dev/null || [ $waited -ge 600 ]; then break; fi
                    sleep 0.2; waited=$((waited + 1))
                done
                if grep -q '^echo: .* up' "$log"; then
                    echo "$1: interrupts before $(irqs $2)"
                    if timeout 90 ping -c 3 -i 0.5 -W 20 $3 >/tmp/ping-$1.log 2>&1; then echo "$1: ping ok"; else echo "$1: ping FAILED"; fi
                    sed "s/^/$1: ping: /" /tmp/ping-$1.log
                    if timeout 120 python3 "$client" udp $3 --count 5 --message "over $1" --timeout 100 >/tmp/udp-$1.log 2>&1
                    then echo "$1: udp ok"; else echo "$1: udp FAILED"; fi
                    sed "s/^/$1: udp: /" /tmp/udp-$1.log
                    if timeout 330 python3 "$client" tcp $3 --bytes {{TcpBytes}} --timeout 300 >/tmp/tcp-$1.log 2>&1
                    then echo "$1: tcp ok"; else echo "$1: tcp FAILED"; fi
                    sed "s/^/$1: tcp: /" /tmp/tcp-$1.log
                    echo "$1: interrupts after $(irqs $2)"
                else
                    echo "$1: the unikernel did not come up"
                fi
                kill $pid 2>/dev/null
                wait $pid
                echo "$1: tender exit $?"
                echo "$1: interrupts left $(grep -c "($2)" /proc/interrupts)"
                sed "s/^/$1 tender: /" "$log"
            }
            {{runs}}
            echo "--- kernel log"
            dmesg | grep -E 'DMAR|vfio' || true
            """;
    }
}
