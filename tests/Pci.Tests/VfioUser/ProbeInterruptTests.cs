using FluentAssertions;
using Solo5Net.PciProbe;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Pci.Vfio;
using Xunit;

namespace Solo5Net.Tests.Pci.VfioUser;

/// <summary>pci-probe's `--edu-irq` against a real hvt-devemu edu server: the interrupt reaches the
/// probe's eventfd through the device's own wiring (vfio-user DEVICE_SET_IRQS), twice, and no more.</summary>
public sealed class ProbeInterruptTests
{
    [Fact]
    public void Probe_receives_edu_interrupts_on_an_eventfd_and_then_detaches()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var output = new StringWriter();
        new DeviceProbe(output, _ => { }, () => new FakeVfioSystem())
            .Run(ProbeOptions.Parse([$"edu0=vfio-user:{edu.SocketPath}", ProbeOptions.EduIrqOption]));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainInOrder(
            "pci-probe: edu id=0x010000ed liveness ok dma 2048 bytes ok",
            "pci-probe: edu irq INTx ok (2 interrupts)",
            "PCI PROBE PASS");
        edu.WaitForClientToLeave().Should().BeTrue("the probe disconnects when it is done");
    }

    [Fact]
    public void Usage_names_the_interrupt_option() => ProbeOptions.Usage.Should().Contain(ProbeOptions.EduIrqOption);
}
