using FluentAssertions;
using Solo5Net.Interop;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Dma;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Xunit;

namespace Solo5Net.Tests.Pci.Vfio;

public sealed class VfioBackendTests
{
    private const string Edu = "0000:00:03.0";
    private static readonly PciAddress EduAddress = Parse(Edu);
    private readonly FakeVfioSystem _host = new();
    private readonly List<string> _warnings = [];

    private static PciAddress Parse(string s) => PciAddress.TryParse(s, out var a) ? a : throw new ArgumentException(s);

    private VfioContainer Container(bool allowNoIommu = false) => new(_host, allowNoIommu, _warnings.Add);

    private FakeVfioSystem.Device AddEdu(string name = Edu, string group = "5")
    {
        var d = _host.AddDevice(name, group);
        _host.AddBar(d, 0, 1 << 20);
        return d;
    }

    private void ShouldHoldNothing()
    {
        _host.OpenFds.Should().BeEmpty();
        _host.DmaMaps.Should().BeEmpty();
        _host.Mmaps.Should().BeEmpty();
        _host.IrqEventfds.Should().BeEmpty();
    }

    [Fact]
    public void Attach_follows_the_kernel_order_and_resets_the_device()
    {
        var edu = AddEdu();
        using (var container = Container())
        {
            var device = container.Attach(EduAddress);
            device.Description.Should().Be(Edu);
            device.Bars.Should().ContainSingle().Which.Size.Should().Be(1 << 20);
            _host.Calls.Should().ContainInOrder("open group 5", "open container", "set container 5", "set iommu 3", $"get device {Edu}", $"reset {Edu}");
            edu.Resets.Should().Be(1);
        }
        edu.Resets.Should().Be(2, "the device is reset again at detach");
        _host.Calls.Should().ContainInOrder($"reset {Edu}", $"reset {Edu}", "unset container 5", "close group 5", "close container vfio");
        ShouldHoldNothing();
    }

    [Fact]
    public void Config_space_and_bar_accesses_go_to_the_right_region()
    {
        AddEdu();
        using var container = Container();
        var device = container.Attach(EduAddress);
        Span<byte> id = stackalloc byte[4];
        device.ReadConfig(0, id);
        BitConverter.ToUInt32(id).Should().Be(0x11e8_1234);
        device.WriteRegion(0, 8, [1, 2, 3, 4]);
        var back = new byte[4];
        device.ReadRegion(0, 8, back);
        back.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void Missing_device_is_named()
    {
        var act = () => Container().Attach(EduAddress);
        act.Should().Throw<PciException>().WithMessage("0000:00:03.0: no such PCI device on this host (see lspci -D)");
        ShouldHoldNothing();
    }

    [Fact]
    public void Device_not_bound_to_vfio_pci_gets_the_bind_commands()
    {
        AddEdu().Driver = "edu";
        var act = () => Container().Attach(EduAddress);
        act.Should().Throw<PciException>().WithMessage(
            "0000:00:03.0: not bound to vfio-pci (driver: edu); bind it with: " +
            "echo vfio-pci > /sys/bus/pci/devices/0000:00:03.0/driver_override; " +
            "echo 0000:00:03.0 > /sys/bus/pci/devices/0000:00:03.0/driver/unbind; " +
            "echo 0000:00:03.0 > /sys/bus/pci/drivers_probe");
        ShouldHoldNothing();
    }

    [Fact]
    public void No_iommu_group_is_refused()
    {
        AddEdu().Group = null;
        var act = () => Container().Attach(EduAddress);
        act.Should().Throw<PciException>().WithMessage(
            "0000:00:03.0: the host has no IOMMU (no iommu_group): enable VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware, " +
            "and on Intel add intel_iommu=on to the kernel command line");
    }

    [Fact]
    public void Group_with_a_device_on_another_driver_is_not_viable_and_names_it()
    {
        AddEdu();
        _host.AddDevice("0000:00:03.1", "5").Driver = "snd_hda_intel";
        _host.AddDevice("0000:00:03.2", "5").Driver = null;
        _host.AddDevice("0000:00:01.0", "5").Driver = "pcieport";
        var act = () => Container().Attach(EduAddress);
        act.Should().Throw<PciException>().WithMessage(
            "0000:00:03.0: IOMMU group 5 is not viable: 0000:00:03.1 (snd_hda_intel) must be bound to vfio-pci or unbound as well");
        ShouldHoldNothing();
    }

    [Fact]
    public void Group_the_kernel_reports_not_viable_is_refused_and_released()
    {
        AddEdu();
        _host.KernelNonViableGroups.Add("5");
        var container = Container();
        var act = () => container.Attach(EduAddress);
        act.Should().Throw<PciException>().WithMessage("*kernel reports IOMMU group 5 as not viable*");
        container.Dispose();
        ShouldHoldNothing();
    }

    [Fact]
    public void Busy_group_says_who_may_hold_it()
    {
        AddEdu();
        _host.BusyGroups.Add("5");
        var container = Container();
        var act = () => container.Attach(EduAddress);
        act.Should().Throw<PciException>().WithMessage("0000:00:03.0: IOMMU group 5 is busy: another process (a VM or a tender) uses it");
        container.Dispose();
        ShouldHoldNothing();
    }

    [Fact]
    public void No_iommu_mode_is_refused_unless_accepted_and_then_warned_about()
    {
        AddEdu();
        _host.GroupNodes.Remove("5");
        _host.GroupNodes.Add("noiommu-5");
        var refused = () => Container().Attach(EduAddress);
        refused.Should().Throw<PciException>().WithMessage("*no-IOMMU mode*--pci-unsafe-noiommu*");

        using var container = Container(allowNoIommu: true);
        container.Attach(EduAddress);
        _warnings.Should().ContainSingle().Which.Should().StartWith("WARNING: 0000:00:03.0: VFIO no-IOMMU mode");
        _host.Calls.Should().Contain("set iommu 8");
    }

    [Fact]
    public void No_iommu_mode_gives_a_device_no_dma_memory()
    {
        AddEdu();
        _host.GroupNodes.Remove("5");
        _host.GroupNodes.Add("noiommu-5");
        using var dma = DmaMemory.Allocate("edu0", 8192, allowHugePages: false);
        using (var container = Container(allowNoIommu: true))
        {
            container.Attach(EduAddress);
            var act = () => container.MapDma(dma, 0x1_0000_0000);
            act.Should().Throw<PciException>().WithMessage(
                "VFIO no-IOMMU mode: a device there cannot use DMA memory (0x100000000, 8 KiB); run without --pci-dma and with a unikernel that declares no dma, or enable an IOMMU");
            _host.DmaMaps.Should().BeEmpty();
        }
        ShouldHoldNothing();
    }

    [Fact]
    public void A_device_without_reset_support_is_not_reset_and_verbose_says_so()
    {
        AddEdu().ResetSupported = false;
        var notices = new List<string>();
        using (var container = new VfioContainer(_host, false, _warnings.Add, notices.Add))
            container.Attach(EduAddress).CanReset.Should().BeFalse();
        _host.Calls.Should().NotContain(c => c.StartsWith("reset"));
        notices.Should().Equal("0000:00:03.0: VFIO reports no reset for this device: it is not reset at attach or at release");
        _warnings.Should().BeEmpty("it is reported only with --verbose");

        AddEdu("0000:00:04.0", "6");
        notices.Clear();
        using (var container = new VfioContainer(_host, false, _warnings.Add, notices.Add))
            container.Attach(Parse("0000:00:04.0")).CanReset.Should().BeTrue();
        notices.Should().BeEmpty();
    }

    [Fact]
    public void Devices_share_one_container_and_a_group_is_opened_once()
    {
        AddEdu();
        AddEdu("0000:00:04.0", "5");
        AddEdu("0000:00:05.0", "6");
        using (var container = Container())
        {
            container.Attach(EduAddress);
            container.Attach(Parse("0000:00:04.0"));
            container.Attach(Parse("0000:00:05.0"));
            _host.Calls.Count(c => c == "open container").Should().Be(1);
            _host.Calls.Count(c => c.StartsWith("set iommu")).Should().Be(1);
            _host.Calls.Count(c => c == "open group 5").Should().Be(1);
            _host.Calls.Should().ContainInOrder("set iommu 3", "set container 6");
        }
        ShouldHoldNothing();
    }

    [Fact]
    public void Dma_windows_are_mapped_once_in_the_container_and_unmapped_before_it_closes()
    {
        AddEdu();
        using var dma1 = DmaMemory.Allocate("t1", 8192, allowHugePages: false);
        using var dma2 = DmaMemory.Allocate("t2", 4096, allowHugePages: false);
        using (var container = Container())
        {
            var attach = () => container.MapDma(dma1, 0x1_0000_0000);
            attach.Should().Throw<InvalidOperationException>("DMA needs a device (and so an IOMMU) first");
            container.Attach(EduAddress);
            container.MapDma(dma1, 0x1_0000_0000);
            container.MapDma(dma2, 0x1_0020_0000);
            _host.DmaMaps.Should().HaveCount(2);
        }
        _host.Calls.Should().ContainInOrder("map dma 0x100000000+0x2000", "map dma 0x100200000+0x1000",
            "unmap dma 0x100200000+0x1000", "unmap dma 0x100000000+0x2000", "unset container 5", "close container vfio");
        ShouldHoldNothing();
    }

    [Fact]
    public void Sparse_mmap_exposes_only_the_mappable_parts_and_mappings_are_undone()
    {
        var d = _host.AddDevice(Edu, "5");
        _host.AddBar(d, 0, 0x4000, sparse: [new VfioSparseArea(0, 0x1000), new VfioSparseArea(0x3000, 0x1000)]);
        _host.AddBar(d, 2, 0x100, barRegister: 0x1, mmap: false);
        using (var container = Container())
        {
            var device = container.Attach(EduAddress);
            var bar0 = device.Bars.Single(b => b.Index == 0);
            bar0.MappableAreas.Should().Equal((0UL, 0x1000UL), (0x3000UL, 0x1000UL));
            var io = device.Bars.Single(b => b.Index == 2);
            io.IsIo.Should().BeTrue();
            io.MappableAreas.Should().BeEmpty();
            device.MapBar(0, 0x3000, 0x1000);
            var outside = () => device.MapBar(0, 0x1000, 0x1000);
            outside.Should().Throw<SystemCallException>();
            _host.Mmaps.Should().HaveCount(1);
        }
        ShouldHoldNothing();
    }

    [Fact]
    public void Bar_kinds_come_from_the_bar_registers()
    {
        var d = _host.AddDevice(Edu, "5");
        _host.AddBar(d, 0, 0x20000, barRegister: 0xC);   // 64-bit prefetchable memory
        using var container = Container();
        var bar = container.Attach(EduAddress).Bars.Single();
        bar.Is64Bit.Should().BeTrue();
        bar.Prefetchable.Should().BeTrue();
        bar.IsIo.Should().BeFalse();
    }

    [Fact]
    public void Interrupt_indexes_are_wired_disabled_and_released_as_asked()
    {
        var edu = AddEdu();
        edu.MsixCount = 8;
        using (var container = Container())
        {
            var device = container.Attach(EduAddress);
            (device.InterruptVectors(InterruptIndex.Intx), device.InterruptVectors(InterruptIndex.Msi), device.InterruptVectors(InterruptIndex.Msix))
                .Should().Be((1u, 1u, 8u));
            device.EnableInterrupts(InterruptIndex.Msix, [40, 41, 42]);
            _host.IrqVectors[(Edu, 2u)].Should().Equal(40, 41, 42);
            device.DisableInterrupts(InterruptIndex.Msix);
            device.EnableInterrupts(InterruptIndex.Intx, [43]);
            device.UnmaskIntx();
            _host.Unmasks.Should().Equal(0u);
        }
        _host.Calls.Should().ContainInOrder("set irq 2 x3", "disable irq 2", "set irq 0", "disable irq 0");
        ShouldHoldNothing();
    }

    [Fact]
    public void Failure_while_reading_regions_closes_the_device_and_cleanup_releases_the_rest()
    {
        AddEdu();
        _host.FailRegionInfo = (_, index) => index == 0 ? new SystemCallException("ioctl(VFIO_DEVICE_GET_REGION_INFO)", Errno.EIO) : null;
        var container = Container();
        var act = () => container.Attach(EduAddress);
        act.Should().Throw<SystemCallException>().WithMessage("ioctl(VFIO_DEVICE_GET_REGION_INFO): EIO (5)");
        _host.OpenFds.Should().NotContain($"Device:{Edu}");
        container.Dispose();
        ShouldHoldNothing();
    }

    [Fact]
    public void Device_already_open_elsewhere_is_busy()
    {
        AddEdu();
        using var first = Container();
        first.Attach(EduAddress);
        var second = Container();
        // Same group in a second container: the model refuses the second SET_CONTAINER like the kernel.
        var act = () => second.Attach(EduAddress);
        act.Should().Throw<SystemCallException>();
        second.Dispose();
    }
}
