using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Tests.Pci.Vfio;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.EndToEnd;

/// <summary>
/// The PCI module's host-VFIO path inside a real tender session (real KVM, real guest), with the
/// kernel's VFIO replaced by the model: this machine has no IOMMU. The guest checks what it was
/// told and reaches the device through trapped MMIO and I/O BARs; the model checks the kernel-facing
/// sequence and that everything is released at halt.
/// </summary>
public sealed class HostVfioModuleTests
{
    private static string Guest(string name) => Path.Combine(AppContext.BaseDirectory, "guests", name + ".hvt");

    /// <summary>An e1000-like host device for pci_info: 128 KiB memory BAR0, 64-port I/O BAR2, and a
    /// 256-byte memory BAR4 (smaller than a page), none mmap-able.</summary>
    private static (FakeVfioSystem Host, FakeVfioSystem.Device Nic) NicHost()
    {
        var host = new FakeVfioSystem();
        var nic = host.AddDevice("0000:00:05.0", "7", vendor: 0x8086, device: 0x100e);
        nic.Config[0x0B] = 0x02;
        nic.Config[0x0A] = 0x00;
        host.AddBar(nic, 0, 0x20000, barRegister: 0x0, mmap: false);
        host.AddBar(nic, 2, 0x40, barRegister: 0x1, mmap: false);
        host.AddBar(nic, 4, 0x100, barRegister: 0x0, mmap: false);
        return (host, nic);
    }

    /// <summary>Plays the device: raises its interrupt once, as soon as the tender has wired it (and its
    /// INTx line until the guest acknowledges at BAR4 + 0x14, the pci_info guest's driver step).</summary>
    private static Thread RaiseInterruptOnce(FakeVfioSystem host, string device)
    {
        host.Devices[device].InterruptAckRegister = (4, 0x14);
        var thread = new Thread(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                var wired = host.IrqEventfds.Where(kv => kv.Key.Device == device).Select(kv => kv.Value).FirstOrDefault(-1);
                if (wired >= 0)
                {
                    Thread.Sleep(100);
                    host.Devices[device].IntxLineRaised = true;
                    Solo5Net.Interop.Eventfd.Signal(wired);
                    return;
                }
                Thread.Sleep(10);
            }
        }) { IsBackground = true };
        thread.Start();
        return thread;
    }

    /// <summary>The pci_info guest never enables MSI, so INTx is what is wired, whether or not the
    /// device offers MSI: the guest's configuration decides, as on a PCI bus (issue 24's defect 3).</summary>
    [KvmTheory]
    [InlineData(1u)]
    [InlineData(0u)]
    public void Interrupt_is_reported_under_the_handle_and_intx_is_rearmed(uint msiVectors)
    {
        var (host, nic) = NicHost();
        nic.MsiCount = msiVectors;
        var module = new PciModule(() => host);
        var session = new TenderSession(KernelImage.Load(Guest("pci_info")), [module]);
        module.TryParseOption("--pci-dev:nic0=0000:00:05.0", session.Options);
        var device = RaiseInterruptOnce(host, "0000:00:05.0");

        session.Run(32UL << 20, "").Should().Be(0);

        device.Join(TimeSpan.FromSeconds(10));
        host.Calls.Should().Contain("set irq 0").And.NotContain("set irq 1");
        host.Unmasks.Should().Equal([0u],
            "only INTx is masked by the kernel and needs re-arming, once the guest has acknowledged the device (at its next POLL), "
            + "so the line it has not yet lowered does not wake it a second time");
    }

    [KvmFact]
    public void Host_device_is_attached_placed_wired_and_released_at_halt()
    {
        var (host, nic) = NicHost();
        var module = new PciModule(() => host);
        var session = new TenderSession(KernelImage.Load(Guest("pci_info")), [module]);
        module.TryParseOption("--pci-dev:nic0=0000:00:05.0", session.Options).Should().BeTrue();
        RaiseInterruptOnce(host, "0000:00:05.0");

        var status = session.Run(32UL << 20, "");

        status.Should().Be(0, "the guest returns the number of the first check that failed");
        host.Calls.Should().ContainInOrder(
            "open group 7", "open container", "set container 7", "set iommu 3", "get device 0000:00:05.0",
            "reset 0000:00:05.0", "map dma 0x100000000+0x10000", "set irq 0",
            "disable irq 0", "reset 0000:00:05.0", "close device 0000:00:05.0",
            "unmap dma 0x100000000+0x10000", "unset container 7", "close group 7", "close container vfio");
        BitConverter.ToUInt32(nic.Config, 0x10).Should().Be(0x0002_0000, "BAR0 (128 KiB, after the 64 KiB DMA window) holds the low half of its GPA 0x1_0002_0000");
        BitConverter.ToUInt32(nic.Config, 0x18).Should().Be(0xC000u, "the I/O BAR holds its first port");
        (BitConverter.ToUInt16(nic.Config, 4) & 0x7).Should().Be(0x7, "I/O, memory and bus master are enabled");
        BitConverter.ToUInt32(nic.BarContents[4], 0x10).Should().Be(0x0badcafe, "inside BAR4 accesses are forwarded");
        nic.BarContents[4].Should().HaveCount(0x100);
        host.OpenFds.Should().BeEmpty();
        host.DmaMaps.Should().BeEmpty();
        host.IrqEventfds.Should().BeEmpty("the interrupt is off at release");
    }

    [KvmFact]
    public void Sparse_mmap_bar_is_mapped_where_allowed_and_trapped_elsewhere()
    {
        var host = new FakeVfioSystem();
        var nic = host.AddDevice("0000:00:05.0", "7", vendor: 0x8086, device: 0x100e);
        nic.Config[0x0B] = 0x02;
        host.AddBar(nic, 0, 0x4000, sparse: [new(0, 0x1000), new(0x3000, 0x1000)]);
        nic.BarContents[0] = new byte[0x4000];
        var module = new PciModule(() => host);
        var session = new TenderSession(KernelImage.Load(Guest("pci_sparse")), [module]);
        module.TryParseOption("--pci-dev:nic0=0000:00:05.0", session.Options);

        session.Run(32UL << 20, "").Should().Be(0);

        host.Calls.Should().ContainInOrder("mmap bar0 0x0+0x1000", "mmap bar0 0x3000+0x1000");
        BitConverter.ToUInt32(host.UnmappedContents["0000:00:05.0 bar0 0x0"], 0).Should().Be(0x11111111);
        BitConverter.ToUInt32(host.UnmappedContents["0000:00:05.0 bar0 0x3000"], 0xffc).Should().Be(0x33333333);
        BitConverter.ToUInt32(nic.BarContents[0], 0x1004).Should().Be(0x22222222, "the middle page is trapped and forwarded");
        BitConverter.ToUInt32(nic.BarContents[0], 0).Should().Be(0, "mapped accesses never went through the region");
        host.Mmaps.Should().BeEmpty();
    }

    [KvmFact]
    public void Bar_the_host_refuses_to_mmap_is_trapped_instead()
    {
        var (host, nic) = NicHost();
        host.AddBar(nic, 0, 0x20000, barRegister: 0x0, mmap: true);
        host.FailMmap = true;
        var module = new PciModule(() => host);
        var session = new TenderSession(KernelImage.Load(Guest("pci_info")), [module]);
        module.TryParseOption("--pci-dev:nic0=0000:00:05.0", session.Options);
        RaiseInterruptOnce(host, "0000:00:05.0");

        session.Run(32UL << 20, "").Should().Be(0, "pci_info accepts BAR0 only as trapped, not mapped");

        host.Calls.Should().Contain("mmap bar0 0x0+0x20000");
        BitConverter.ToUInt32(nic.BarContents[0], 0x10).Should().Be(0xdeadbeef, "the guest's write was forwarded");
    }

    [KvmFact]
    public void Refusal_half_way_through_setup_releases_what_was_taken()
    {
        var host = new FakeVfioSystem();
        var nic = host.AddDevice("0000:00:05.0", "7", vendor: 0x1234, device: 0x11e8);
        host.AddBar(nic, 0, 0x1000, mmap: false);
        var module = new PciModule(() => host);
        var session = new TenderSession(KernelImage.Load(Guest("pci_info")), [module]);
        module.TryParseOption("--pci-dev:nic0=0000:00:05.0", session.Options);

        var run = () => session.Run(32UL << 20, "");

        run.Should().Throw<PciException>().WithMessage("nic0: 0000:00:05.0 does not match the manifest: vendor 0x1234 (the unikernel wants 0x8086)*");
        host.OpenFds.Should().BeEmpty();
        host.Calls.Should().EndWith("close container vfio");
    }

    [KvmFact]
    public void No_iommu_device_is_refused_dma_memory_before_it_is_enabled()
    {
        var (host, nic) = NicHost();
        host.GroupNodes.Remove("7");
        host.GroupNodes.Add("noiommu-7");
        var module = new PciModule(() => host);
        var session = new TenderSession(KernelImage.Load(Guest("pci_info")), [module]);
        module.TryParseOption("--pci-unsafe-noiommu", session.Options);
        module.TryParseOption("--pci-dev:nic0=0000:00:05.0", session.Options);

        var run = () => session.Run(32UL << 20, "");

        run.Should().Throw<PciException>().WithMessage(
            "VFIO no-IOMMU mode: a device there cannot use DMA memory (0x100000000, 64 KiB); run without --pci-dma and with a unikernel that declares no dma, or enable an IOMMU",
            "the pci_info guest declares a DMA minimum, which the device would read as host-physical addresses");
        (BitConverter.ToUInt16(nic.Config, 4) & 0x4).Should().Be(0, "bus mastering is never enabled for it");
        host.DmaMaps.Should().BeEmpty();
        host.OpenFds.Should().BeEmpty();
        host.Calls.Should().EndWith("close container vfio");
    }
}
