using FluentAssertions;
using Solo5Net.Tests.VfioVm.Harness;
using Xunit;

namespace Solo5Net.Tests.VfioVm.RealNic;

/// <summary>
/// A real network card end to end, as an operator with one would run it (docs/operator-guide.md,
/// "A real NIC passed through"): inside the test VM, EchoServer.hvt on QEMU's e1000 and on QEMU's
/// modern-only virtio-net, each bound to the real vfio-pci behind the emulated IOMMU and attached by
/// its PCI address, answers the VM kernel's ping, UDP echo and TCP echo (384 KiB compared byte for
/// byte) over one QEMU network. Any break on the path fails it: the IOMMU mapping and DMA (no frame
/// would arrive or leave), the BAR mapping (the tender reports a BAR it could not map), interrupts
/// (vfio-pci counts none for the device), the driver (the wrong one, or none, comes up).
/// One VM boot (<see cref="RealNicEchoRun"/>) serves every test here.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RealNicEchoTests(RealNicEchoRun vm) : IClassFixture<RealNicEchoRun>
{
    [VfioVmFact]
    public void Echo_server_on_a_passed_through_e1000_answers_ping_udp_and_tcp_from_the_vm_kernel() => Check("e1000");

    [VfioVmFact]
    public void Echo_server_on_a_passed_through_modern_virtio_net_answers_ping_udp_and_tcp_from_the_vm_kernel() => Check("virtio-net");

    private void Check(string card)
    {
        var run = vm.Run;
        run.ExitCode.Should().Be(0, run.ToString());
        var lines = vm.LinesOf(card);
        var address = RealNicEchoRun.Cards.Single(c => c.Name == card).Address;

        lines.Should().Contain(l => l.StartsWith($"{card} tender: echo: {card} up, mac 02:00:00:00:0a:", StringComparison.Ordinal)
            && l.Contains($"ipv4 {address}/24"), "EchoServer chose the {0} driver from the device's ids\n{1}", card, run);
        lines.Should().Contain($"{card}: ping ok", run.ToString());
        lines.Should().Contain(l => l.Contains("3 packets transmitted, 3 received"), run.ToString());
        lines.Should().Contain($"{card}: udp ok", run.ToString());
        lines.Should().Contain($"{card}: udp: udp ok: 5 x 'over {card}' echoed", run.ToString());
        lines.Should().Contain($"{card}: tcp ok", run.ToString());
        lines.Should().Contain(l => l.StartsWith($"{card}: tcp: tcp ok: 1 connection(s), {RealNicEchoRun.TcpBytes} bytes echoed byte for byte",
            StringComparison.Ordinal), run.ToString());

        Count(lines, $"{card}: interrupts after ").Should().BeGreaterThan(Count(lines, $"{card}: interrupts before "),
            "the card's interrupts reach the unikernel through vfio-pci: the VM kernel counts them for the device\n{0}", run);
        lines.Should().Contain($"{card}: interrupts left 0", "the tender gives the interrupt back when it exits");
        lines.Should().NotContain(l => l.Contains("cannot be mapped"), "every BAR page outside the MSI-X table maps through vfio-pci");
        run.StdoutLines.SkipWhile(l => l != "--- kernel log").Should().NotContain(l => l.Contains("fault addr"),
            "no DMA outside the IOMMU mappings\n{0}", run);
    }

    private static long Count(IReadOnlyList<string> lines, string prefix) =>
        long.Parse(lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..]);
}
