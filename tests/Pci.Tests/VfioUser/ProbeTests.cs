using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Probe;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Pci.Vfio;
using Xunit;

namespace Solo5Net.Tests.Pci.VfioUser;

public sealed class ProbeTests
{
    private static (int? Code, string Output) Probe(params string[] options)
    {
        var output = new StringWriter();
        var code = new PciProbe(output, _ => { }, () => new FakeVfioSystem()).TryRun(options);
        return (code, output.ToString());
    }

    [Fact]
    public void Probe_drives_a_real_edu_server_through_a_dma_round_trip()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var (code, output) = Probe($"--pci-probe:edu0=vfio-user:{edu.SocketPath}", "--pci-probe-edu");
        code.Should().Be(0);
        output.Should().Contain($"pci-probe: edu0 vfio-user:{edu.SocketPath} vendor=0x1234 device=0x11e8");
        output.Should().Contain("pci-probe: bar0 mem size=0x100000 trapped");
        output.Should().Contain("pci-probe: dma iova=0x8000000 size=0x200000");
        output.Should().Contain("pci-probe: edu id=0x010000ed liveness ok dma 2048 bytes ok");
        output.Should().EndWith("PCI PROBE PASS\n");
        edu.WaitForExit().Should().NotBeNull("the probe disconnects when it is done");
    }

    [Fact]
    public void Probe_fault_option_asks_for_a_dma_outside_the_mapped_window()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var (code, output) = Probe($"--pci-probe:edu0=vfio-user:{edu.SocketPath}", "--pci-probe-edu-fault", "--pci-dma:edu0=1M");
        code.Should().Be(0);
        output.Should().Contain("pci-probe: dma iova=0x8000000 size=0x100000");
        output.Should().Contain("pci-probe: edu dma to unmapped iova=0x8300000 issued");
        output.Should().EndWith("PCI PROBE PASS\n");
    }

    [Fact]
    public void Probe_is_not_run_without_its_option() => Probe("--pci-dev:x=vfio-user:/nowhere").Code.Should().BeNull();

    [Fact]
    public void Probe_of_a_missing_server_fails_with_one_line()
    {
        var act = () => Probe("--pci-probe:edu0=vfio-user:/nonexistent/edu.sock");
        act.Should().Throw<PciException>().WithMessage(
            "vfio-user:/nonexistent/edu.sock: cannot connect: ENOENT (is the device server running?)");
    }

    [Fact]
    public void Probe_rejects_options_that_are_not_its_own()
    {
        var act = () => Probe("--pci-probe:edu0=0000:00:03.0", "--mem=32");
        act.Should().Throw<InvalidOptionException>().WithMessage("--mem=32: not an option of --pci-probe:");
    }

    [Fact]
    public void Probe_of_a_host_device_reports_the_vfio_refusal()
    {
        var host = new FakeVfioSystem();
        host.AddDevice("0000:00:03.0", "3").Driver = "edu";
        var act = () => new PciProbe(new StringWriter(), _ => { }, () => host).TryRun(["--pci-probe:edu0=0000:00:03.0"]);
        act.Should().Throw<PciException>().WithMessage("0000:00:03.0: not bound to vfio-pci (driver: edu)*");
        host.OpenFds.Should().BeEmpty();
    }
}
