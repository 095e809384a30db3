using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.Layout;
using Solo5Net.Hvt.Modules.Pci.Options;
using Solo5Net.Hvt.Modules.Pci.Vfio;
using Solo5Net.Interop;
using Solo5Net.Tests.Pci.Vfio;
using Xunit;

namespace Solo5Net.Tests.Pci.Interrupts;

/// <summary>
/// A host device's interrupts through the kernel's VFIO (the model of it) into a real POLL set:
/// which VFIO index is on follows what the guest writes to configuration space (issue 24's defect 3),
/// and each MSI-X vector reaches POLL and the interrupt-status page through its own eventfd, behind
/// the tender's table (docs/abi.md §7).
/// </summary>
public sealed class InterruptRouterTests : IDisposable
{
    private const string Nic = "0000:00:04.0";
    private const int Handle = 3;
    private const uint MsiCap = 0x40, MsixCap = 0x50, TableOffset = 0x2000, PbaOffset = 0x3000;
    private readonly FakeVfioSystem _host = new();
    private readonly FakeVfioSystem.Device _nic;
    private readonly VfioContainer _container;
    private readonly IPciDevice _device;
    private readonly PollSet _poll = new();
    private readonly SharedWords _status = SharedWords.Allocate(4096);
    private InterruptRouter? _router;

    public InterruptRouterTests()
    {
        _nic = _host.AddDevice(Nic, "9", vendor: 0x1af4, device: 0x1041);
        _nic.MsixCount = 8;
        _host.AddBar(_nic, 0, 0x4000);
        WriteCapabilities(_nic.Config, tableSize: 8, tableBar: 0, tableOffset: TableOffset, pbaOffset: PbaOffset);
        _container = new VfioContainer(_host, false, _ => { });
        _device = _container.Attach(PciAddress.TryParse(Nic, out var a) ? a : throw new InvalidOperationException());
    }

    /// <summary>MSI at 0x40 (one vector), then MSI-X at 0x50.</summary>
    private static void WriteCapabilities(byte[] config, int tableSize, int tableBar, uint tableOffset, uint pbaOffset, int pbaBar = 0)
    {
        config[0x06] = 0x10;
        config[0x34] = (byte)MsiCap;
        config[MsiCap] = 0x05;
        config[MsiCap + 1] = (byte)MsixCap;
        config[MsixCap] = 0x11;
        config[MsixCap + 1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(config.AsSpan((int)MsixCap + 2), (ushort)(tableSize - 1));
        BinaryPrimitives.WriteUInt32LittleEndian(config.AsSpan((int)MsixCap + 4), tableOffset | (uint)tableBar);
        BinaryPrimitives.WriteUInt32LittleEndian(config.AsSpan((int)MsixCap + 8), pbaOffset | (uint)pbaBar);
    }

    private InterruptRouter Start()
    {
        _router = InterruptRouter.Create(_device, MsixCapability.Read(_device));
        _router.Start((fd, filter, beforeWait) => _poll.AddFiltered(fd, Handle, filter, beforeWait), _status);
        return _router;
    }

    /// <summary>What the PCI module does with a guest's configuration write (PciConfigAccess).</summary>
    private void GuestConfigWrite(uint offset, uint size, uint value)
    {
        _device.WriteConfig(offset, BitConverter.GetBytes(value).AsSpan(0, (int)size));
        _router!.OnConfigWrite(offset, size, value);
    }

    private void EnableMsix(bool functionMask = false) => GuestConfigWrite(MsixCap + 2, 2, 0x8000u | (functionMask ? 0x4000u : 0));

    private void SetVectorMask(int vector, bool masked)
    {
        var data = BitConverter.GetBytes(masked ? 1u : 0u);
        _router!.TryAccessBar(0, TableOffset + (ulong)vector * 16 + 12, data, isWrite: true).Should().BeTrue();
    }

    private ulong Pba()
    {
        var data = new byte[8];
        _router!.TryAccessBar(0, PbaOffset, data, isWrite: false).Should().BeTrue();
        return BitConverter.ToUInt64(data);
    }

    /// <summary>What vfio-pci does when the device sends MSI-X vector <paramref name="vector"/>.</summary>
    private void DeviceSends(int vector) => Eventfd.Signal(_host.IrqVectors[(Nic, 2u)][vector]);

    /// <summary>One POLL that returns at once (timeout 0): the ready set.</summary>
    private ulong PollNow() => _poll.Wait(0).ReadySet;

    [Fact]
    public void Intx_is_wired_until_the_guest_enables_msi_or_msix_and_intx_disable_turns_it_off()
    {
        var router = Start();
        router.Wired.Should().Be("INTx", "after reset the command register leaves INTx enabled and no message interrupt is on");
        GuestConfigWrite(0x04, 2, 0x0406);                      // memory, bus master, INTx disable
        router.Wired.Should().Be("none");
        GuestConfigWrite(MsiCap + 2, 2, 0x0001);
        router.Wired.Should().Be("MSI");
        EnableMsix();
        router.Wired.Should().Be("MSI-X", "MSI-X wins over MSI when the guest enables both");
        GuestConfigWrite(MsixCap + 2, 2, 0);
        router.Wired.Should().Be("MSI");
        GuestConfigWrite(MsiCap + 2, 2, 0);
        GuestConfigWrite(0x04, 2, 0x0006);
        router.Wired.Should().Be("INTx");
        _host.Calls.Where(c => c.Contains("irq")).Should().Equal(
            "set irq 0", "disable irq 0", "set irq 1", "disable irq 1", "set irq 2 x8", "disable irq 2", "set irq 1", "disable irq 1", "set irq 0");
    }

    [Fact]
    public void Each_vector_has_its_own_eventfd_and_reaches_poll_and_the_status_page()
    {
        var router = Start();
        EnableMsix();
        _host.IrqVectors[(Nic, 2u)].Should().HaveCount(8).And.OnlyHaveUniqueItems();
        SetVectorMask(3, masked: false);
        SetVectorMask(6, masked: false);
        DeviceSends(6);
        PollNow().Should().Be(1UL << Handle);
        _status.Exchange(0).Should().Be(1UL << 6);
        DeviceSends(3);
        DeviceSends(6);
        PollNow().Should().Be(1UL << Handle);
        _status.Exchange(0).Should().Be(1UL << 3 | 1UL << 6);
        PollNow().Should().Be(0, "each event is consumed once");
        router.LineFd.Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_masked_vector_is_held_in_the_pba_and_delivered_when_unmasked()
    {
        Start();
        EnableMsix();
        DeviceSends(5);
        PollNow().Should().Be(0, "vector 5 is masked (every vector starts masked)");
        Pba().Should().Be(1UL << 5);
        _status.Read(0).Should().Be(0);
        SetVectorMask(5, masked: false);
        Pba().Should().Be(0);
        PollNow().Should().Be(1UL << Handle, "unmasking releases the pending interrupt");
        _status.Exchange(0).Should().Be(1UL << 5);
    }

    [Fact]
    public void The_function_mask_holds_all_vectors_until_it_is_cleared()
    {
        Start();
        EnableMsix(functionMask: true);
        SetVectorMask(0, masked: false);
        DeviceSends(0);
        PollNow().Should().Be(0);
        Pba().Should().Be(1);
        EnableMsix(functionMask: false);
        PollNow().Should().Be(1UL << Handle);
        _status.Exchange(0).Should().Be(1);
    }

    [Fact]
    public void Disabling_msix_with_live_vectors_drops_them_and_falls_back_to_intx()
    {
        var router = Start();
        EnableMsix();
        var vectors = _host.IrqVectors[(Nic, 2u)];
        DeviceSends(2);
        GuestConfigWrite(MsixCap + 2, 2, 0);
        router.Wired.Should().Be("INTx");
        Pba().Should().Be(0);
        Eventfd.Signal(vectors[2]);
        PollNow().Should().Be(0, "a late event of a vector that is off is dropped");
        _status.Read(0).Should().Be(0);
    }

    [Fact]
    public void Message_control_shows_the_served_vectors_and_the_guests_bits()
    {
        var router = Start();
        EnableMsix(functionMask: true);
        router.OverlayConfigRead(MsixCap, 4, 0x0007_5011).Should().Be(0xC007_5011u);
        router.OverlayConfigRead(MsixCap + 3, 1, 0).Should().Be(0xC0u);
        router.OverlayConfigRead(0x00, 4, 0x1234).Should().Be(0x1234u, "other registers are the device's");
    }

    [Fact]
    public void A_device_with_more_vectors_than_the_tender_serves_shows_the_tenders_number()
    {
        _nic.MsixCount = 300;
        WriteCapabilities(_nic.Config, tableSize: 300, tableBar: 0, tableOffset: 0, pbaOffset: PbaOffset);
        var router = Start();
        router.Table!.Vectors.Should().Be(Solo5Net.Hvt.Modules.Pci.Abi.PciAbi.MaxMsixVectors);
        (router.OverlayConfigRead(MsixCap + 2, 2, 300 - 1) & 0x7FF).Should().Be((uint)Solo5Net.Hvt.Modules.Pci.Abi.PciAbi.MaxMsixVectors - 1);
        EnableMsix();
        _host.IrqVectors[(Nic, 2u)].Should().HaveCount(Solo5Net.Hvt.Modules.Pci.Abi.PciAbi.MaxMsixVectors);
        var beyond = new byte[4];
        router.TryAccessBar(0, 200 * 16 + 12, beyond, isWrite: false).Should().BeTrue("the whole device table is the tender's");
        beyond.Should().Equal(0, 0, 0, 0);
    }

    [Fact]
    public void Table_and_pba_pages_are_never_mapped_even_inside_a_mappable_bar()
    {
        var router = Start();
        var bar = _device.Bars.Single(b => b.Index == 0);
        MappableAreas.Of(bar, router.OwnedBarRanges.Where(r => r.Bar == 0).Select(r => (r.Offset, r.Length)))
            .Should().Equal((0UL, 0x2000UL));
        var forwarded = new byte[4];
        router.TryAccessBar(0, 0x1FFC, forwarded, isWrite: false).Should().BeFalse("outside the table the device answers");
    }

    [Theory]
    [InlineData(0, 0x3FC0u, 0x3000u, 0, "MSI-X table (0x3fc0 + 0x80) lies outside BAR0 (0x4000 bytes)")]
    [InlineData(0, 0x0u, 0x4000u, 0, "MSI-X pending-bit array (0x4000 + 0x8) lies outside BAR0 (0x4000 bytes)")]
    [InlineData(2, 0x0u, 0x3000u, 0, "MSI-X table is in BAR2, which is not a memory BAR of the device")]
    [InlineData(0, 0x0u, 0x0u, 7, "MSI-X pending-bit array is in BAR7, which is not a memory BAR of the device")]
    public void A_capability_outside_the_bars_is_refused_naming_the_device(int tableBar, uint tableOffset, uint pbaOffset, int pbaBar, string why)
    {
        WriteCapabilities(_nic.Config, tableSize: 8, tableBar, tableOffset, pbaOffset, pbaBar);
        var capability = MsixCapability.Read(_device)!;
        var refuse = () => capability.Require("net0", _device.Description, _device.Bars);
        refuse.Should().Throw<PciException>().WithMessage($"net0: {Nic}: {why}");
    }

    public void Dispose()
    {
        _router?.Dispose();
        _container.Dispose();
        _poll.Dispose();
        _status.Dispose();
    }
}
