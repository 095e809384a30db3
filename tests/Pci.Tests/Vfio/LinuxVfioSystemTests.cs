using FluentAssertions;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Xunit;

namespace Solo5Net.Tests.Pci.Vfio;

/// <summary>The real sysfs reader against a tree laid out like /sys and /dev (links included).</summary>
public sealed class LinuxVfioSystemTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pci-sysfs-").FullName;

    private string P(string relative) => Path.Combine(_root, relative);

    public LinuxVfioSystemTests()
    {
        Directory.CreateDirectory(P("sys/bus/pci/drivers/vfio-pci"));
        Directory.CreateDirectory(P("sys/bus/pci/drivers/snd_hda_intel"));
        Directory.CreateDirectory(P("sys/kernel/iommu_groups/5/devices"));
        Directory.CreateDirectory(P("dev/vfio"));
        Directory.CreateDirectory(P("sys/bus/pci/devices"));
        File.WriteAllText(P("dev/vfio/5"), "");
        Device("0000:03:00.0", "vfio-pci", "5");
        Device("0000:03:00.1", "snd_hda_intel", "5");
        Device("0000:04:00.0", null, null);
    }

    private void Device(string name, string? driver, string? group)
    {
        var dir = P($"sys/devices/pci0000:00/{name}");
        Directory.CreateDirectory(dir);
        Directory.CreateSymbolicLink(P($"sys/bus/pci/devices/{name}"), $"../../../devices/pci0000:00/{name}");
        if (driver != null) File.CreateSymbolicLink(Path.Combine(dir, "driver"), $"../../../bus/pci/drivers/{driver}");
        if (group != null)
        {
            File.CreateSymbolicLink(Path.Combine(dir, "iommu_group"), $"../../../kernel/iommu_groups/{group}");
            File.CreateSymbolicLink(P($"sys/kernel/iommu_groups/{group}/devices/{name}"), $"../../../../devices/pci0000:00/{name}");
        }
    }

    private static PciAddress A(string s) => PciAddress.TryParse(s, out var a) ? a : throw new ArgumentException(s);

    [Fact]
    public void Reads_drivers_groups_and_nodes_from_the_links()
    {
        var sys = new LinuxVfioSystem(P("sys"), P("dev"));
        sys.DeviceExists(A("0000:03:00.0")).Should().BeTrue();
        sys.DeviceExists(A("0000:09:00.0")).Should().BeFalse();
        sys.DriverOf(A("0000:03:00.0")).Should().Be("vfio-pci");
        sys.DriverOf(A("0000:04:00.0")).Should().BeNull();
        sys.IommuGroupOf(A("0000:03:00.0")).Should().Be("5");
        sys.IommuGroupOf(A("0000:04:00.0")).Should().BeNull();
        sys.GroupDevices("5").Should().Equal("0000:03:00.0", "0000:03:00.1");
        sys.DriverOfName("0000:03:00.1").Should().Be("snd_hda_intel");
        sys.GroupNodeExists("5").Should().BeTrue();
        sys.GroupNodeExists("noiommu-5").Should().BeFalse();
    }

    [Fact]
    public void Viability_check_on_the_real_reader_names_the_other_function()
    {
        var sys = new LinuxVfioSystem(P("sys"), P("dev"));
        var act = () => VfioGroupCheck.GroupNodeFor(sys, A("0000:03:00.0"), false, _ => { });
        act.Should().Throw<Solo5Net.Hvt.Modules.Pci.PciException>().WithMessage("*IOMMU group 5 is not viable: 0000:03:00.1 (snd_hda_intel)*");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
