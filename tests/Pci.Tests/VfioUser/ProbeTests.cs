using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.PciProbe;
using Solo5Net.TestSupport;
using Solo5Net.Tests.Pci.Vfio;
using Xunit;

namespace Solo5Net.Tests.Pci.VfioUser;

/// <summary>tests/PciProbe's probe in process, against a real hvt-devemu edu server or a substitute
/// for the VFIO kernel boundary.</summary>
public sealed class ProbeTests
{
    private static string Probe(params string[] args)
    {
        var output = new StringWriter();
        new DeviceProbe(output, _ => { }, () => new FakeVfioSystem()).Run(ProbeOptions.Parse(args));
        return output.ToString();
    }

    [Fact]
    public void Probe_drives_a_real_edu_server_through_a_dma_round_trip()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var output = Probe($"edu0=vfio-user:{edu.SocketPath}", "--edu");
        output.Should().Contain($"pci-probe: edu0 vfio-user:{edu.SocketPath} vendor=0x1234 device=0x11e8");
        output.Should().Contain("pci-probe: bar0 mem size=0x100000 trapped");
        output.Should().Contain("pci-probe: dma iova=0x8000000 size=0x200000");
        output.Should().Contain("pci-probe: edu id=0x010000ed liveness ok dma 2048 bytes ok");
        output.Should().EndWith("PCI PROBE PASS\n");
        edu.WaitForClientToLeave().Should().BeTrue("the probe disconnects when it is done");
    }

    [Fact]
    public void Probe_fault_option_asks_for_a_dma_outside_the_mapped_window()
    {
        using var edu = DevEmuServer.StartEdu(dmaMaskBits: 28);
        var output = Probe($"edu0=vfio-user:{edu.SocketPath}", "--edu-fault", "--pci-dma:edu0=1M");
        output.Should().Contain("pci-probe: dma iova=0x8000000 size=0x100000");
        output.Should().Contain("pci-probe: edu dma to unmapped iova=0x8300000 issued");
        output.Should().EndWith("PCI PROBE PASS\n");
    }

    [Theory]
    [InlineData(new string[0], "no device given (NAME=DEVICE)")]
    [InlineData(new[] { "--edu", "--pci-dma:edu0=1M" }, "no device given (NAME=DEVICE)")]
    [InlineData(new[] { "a=0000:00:03.0", "b=0000:00:04.0" }, "b=0000:00:04.0: pci-probe takes one device, and a=0000:00:03.0 is given")]
    [InlineData(new[] { "a=0000:00:03.0", "--pci-dma:b=1M" }, "--pci-dma:b: there is no device 'b' (NAME=DEVICE names it)")]
    [InlineData(new[] { "a=0000:00:03.0", "--pci-dev:b=0000:00:04.0" }, "--pci-dev:b=0000:00:04.0: not an option of pci-probe")]
    [InlineData(new[] { "a=0000:00:03.0", "--mem=32" }, "--mem=32: not an option of pci-probe")]
    public void A_command_line_that_is_not_one_device_and_the_probes_options_is_refused(string[] args, string message) =>
        FluentActions.Invoking(() => ProbeOptions.Parse(args)).Should().Throw<InvalidOptionException>().WithMessage(message);

    [Theory]
    [InlineData("edu0=vfio-user:", "edu0=vfio-user:: the vfio-user socket path is empty")]
    [InlineData("edu0", "edu0: expected NAME=DEVICE with NAME 1-67 letters or digits")]
    [InlineData("edu0=03.0", "edu0=03.0: '03.0' is neither a PCI address (DDDD:BB:DD.F) nor vfio-user:/path/to/socket")]
    public void A_malformed_device_is_named_as_written(string device, string message) =>
        FluentActions.Invoking(() => ProbeOptions.Parse([device])).Should().Throw<InvalidOptionException>().WithMessage(message);

    [Fact]
    public void Edu_checks_each_imply_the_round_trip()
    {
        ProbeOptions.Parse(["x=0000:00:03.0"]).Should().Match<ProbeOptions>(o => !o.Edu && !o.EduIrq && !o.EduFault);
        ProbeOptions.Parse(["x=0000:00:03.0", "--edu-irq"]).Should().Match<ProbeOptions>(o => o.Edu && o.EduIrq && !o.EduFault);
        ProbeOptions.Parse(["--edu-fault", "x=0000:00:03.0"]).Should().Match<ProbeOptions>(o => o.Edu && !o.EduIrq && o.EduFault);
    }

    [Fact]
    public void Probe_of_a_missing_server_fails_with_one_line()
    {
        var act = () => Probe("edu0=vfio-user:/nonexistent/edu.sock");
        act.Should().Throw<PciException>().WithMessage(
            "vfio-user:/nonexistent/edu.sock: cannot connect: ENOENT (is the device server running?)");
    }

    [Fact]
    public void Probe_of_a_host_device_reports_the_vfio_refusal()
    {
        var host = new FakeVfioSystem();
        host.AddDevice("0000:00:03.0", "3").Driver = "edu";
        var act = () => new DeviceProbe(new StringWriter(), _ => { }, () => host).Run(ProbeOptions.Parse(["edu0=0000:00:03.0"]));
        act.Should().Throw<PciException>().WithMessage("0000:00:03.0: not bound to vfio-pci (driver: edu)*");
        host.OpenFds.Should().BeEmpty();
    }
}
