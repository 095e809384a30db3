using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.VfioUser;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.VfioUser;

/// <summary>
/// MSI-X over vfio-user against a real hvt-devemu edu with 32 vectors (cause bit n sends vector n):
/// the tender's router wires one eventfd per vector with DEVICE_SET_IRQS on index 2, and each vector
/// the device sends reaches a real POLL set and the interrupt-status page, behind the tender's table
/// (docs/abi.md §7). The edu keeps MSI too: the guest's enable bits choose (docs/abi.md §5).
/// </summary>
public sealed class MsixOverVfioUserTests : IDisposable
{
    private const int Handle = 2;
    private const uint InterruptStatusRegister = 0x24, RaiseRegister = 0x60, AcknowledgeRegister = 0x64, TableOffset = 0x80000, PbaOffset = 0x90000;
    private readonly DevEmuServer _edu = DevEmuServer.StartEdu(dmaMaskBits: 64, msixVectors: 32);
    private readonly VfioUserDevice _device;
    private readonly InterruptRouter _router;
    private readonly PollSet _poll = new();
    private readonly SharedWords _status = SharedWords.Allocate(4096);
    private readonly MsixCapability _msix;

    public MsixOverVfioUserTests()
    {
        _device = VfioUserDevice.Connect(_edu.SocketPath);
        _msix = MsixCapability.Read(_device)!;
        _router = InterruptRouter.Create(_device, _msix);
        _router.Start((fd, filter, beforeWait) => _poll.AddFiltered(fd, Handle, filter, beforeWait), _status);
    }

    private void GuestConfigWrite(uint offset, uint size, uint value)
    {
        _device.WriteConfig(offset, BitConverter.GetBytes(value).AsSpan(0, (int)size));
        _router.OnConfigWrite(offset, size, value);
    }

    /// <summary>The device's interrupt cause bits. The write is posted; reading a register back
    /// flushes it, as a driver does: the read's reply comes after the device signalled.</summary>
    private void Raise(uint bits)
    {
        _device.WriteRegion(0, RaiseRegister, BitConverter.GetBytes(bits));
        _device.ReadRegion(0, InterruptStatusRegister, new byte[4]);
    }

    private void Acknowledge(uint bits) => _device.WriteRegion(0, AcknowledgeRegister, BitConverter.GetBytes(bits));

    private void SetMask(int vector, bool masked) =>
        _router.TryAccessBar(0, TableOffset + (ulong)vector * 16 + 12, BitConverter.GetBytes(masked ? 1u : 0u), isWrite: true).Should().BeTrue();

    [Fact]
    public void The_capability_is_where_the_model_puts_it_and_the_tender_serves_every_vector()
    {
        (_msix.TableBar, _msix.TableOffset, _msix.PbaBar, _msix.PbaOffset, _msix.TableSize).Should().Be((0, TableOffset, 0, PbaOffset, 32));
        _router.Table!.Vectors.Should().Be(32);
        _router.Wired.Should().Be("INTx");
    }

    [Fact]
    public void Each_vector_reaches_poll_and_the_status_page_through_its_own_eventfd()
    {
        GuestConfigWrite(_msix.ControlOffset, 2, MsixCapability.EnableBit);
        _router.Wired.Should().Be("MSI-X");
        SetMask(0, masked: false);
        SetMask(8, masked: false);
        Raise(1u << 8);
        _poll.Wait(0).ReadySet.Should().Be(1UL << Handle);
        _status.Exchange(0).Should().Be(1UL << 8);
        Acknowledge(1u << 8);
        Raise(1u << 0 | 1u << 8);
        _poll.Wait(0).ReadySet.Should().Be(1UL << Handle);
        _status.Exchange(0).Should().Be(1UL << 0 | 1UL << 8);
        _poll.Wait(0).ReadySet.Should().Be(0);
    }

    [Fact]
    public void A_masked_vector_is_pending_in_the_pba_until_unmasked()
    {
        GuestConfigWrite(_msix.ControlOffset, 2, MsixCapability.EnableBit);
        Raise(1u << 5);
        _poll.Wait(0).ReadySet.Should().Be(0, "vector 5 is masked");
        var pba = new byte[8];
        _router.TryAccessBar(0, PbaOffset, pba, isWrite: false).Should().BeTrue();
        BinaryPrimitives.ReadUInt64LittleEndian(pba).Should().Be(1UL << 5);
        SetMask(5, masked: false);
        _poll.Wait(0).ReadySet.Should().Be(1UL << Handle);
        _status.Exchange(0).Should().Be(1UL << 5);
    }

    [Fact]
    public void With_msi_enabled_instead_the_same_raise_arrives_as_one_message_and_no_vector()
    {
        _router.TryAccessBar(0, TableOffset + 12, BitConverter.GetBytes(0u), isWrite: true);
        GuestConfigWrite(0x40 + 2, 2, 0x0081);   // the edu model's MSI capability is at 0x40
        _router.Wired.Should().Be("MSI");
        Raise(1u << 0);
        _poll.Wait(0).ReadySet.Should().Be(1UL << Handle);
        _status.Read(0).Should().Be(0, "MSI is not a vector");
    }

    public void Dispose()
    {
        _device.Dispose();
        _router.Dispose();
        _poll.Dispose();
        _status.Dispose();
        _edu.Dispose();
    }
}
