using System.Buffers.Binary;
using FluentAssertions;
using Solo5Net.Hvt.Modules.Pci.Interrupts;
using Solo5Net.Hvt.Modules.Pci.VfioUser;
using Solo5Net.Interop;
using Solo5Net.TestSupport;
using Xunit;

namespace Solo5Net.Tests.Pci.VfioUser;

/// <summary>
/// The tender's side of a vfio-user device allocates nothing per request once warmed up
/// (docs/architecture.md §6): a trapped BAR access and a configuration-space access are each one
/// REGION_READ or REGION_WRITE over the socket to a real hvt-devemu edu server, and an interrupt is
/// the server signalling the eventfd the tender drains. Counted in bytes, never timed.
/// </summary>
public sealed class SteadyStateAllocationTests : IDisposable
{
    private const int WarmUp = 200, Iterations = 5000;
    private const int Bar0 = 0;
    private const ulong Liveness = 0x04, RaiseIrq = 0x60, AcknowledgeIrq = 0x64, IrqStatus = 0x24;

    private readonly DevEmuServer _server = DevEmuServer.StartEdu();
    private readonly VfioUserDevice _device;
    private readonly byte[] _word = new byte[4];
    private readonly byte[] _command = [0x06, 0x00];   // memory space and bus master
    private uint _counter;

    public SteadyStateAllocationTests()
    {
        try
        {
            _device = VfioUserDevice.Connect(_server.SocketPath);
            _device.WriteConfig(4, _command);
        }
        catch
        {
            _server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _device.Dispose();
        _server.Dispose();
    }

    [Fact]
    public void Trapped_bar_reads_and_writes_allocate_nothing()
    {
        long bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            uint value = ++_counter;
            BinaryPrimitives.WriteUInt32LittleEndian(_word, value);
            _device.WriteRegion(Bar0, Liveness, _word);
            _device.ReadRegion(Bar0, Liveness, _word);
            if (BinaryPrimitives.ReadUInt32LittleEndian(_word) != ~value) throw new InvalidOperationException("edu liveness did not answer");
        });
        bytes.Should().Be(0, $"{Iterations} trapped write+read pairs over vfio-user are steady-state per-exit work");
    }

    [Fact]
    public void Configuration_space_accesses_allocate_nothing()
    {
        long bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            _device.ReadConfig(0, _word);
            if (BinaryPrimitives.ReadUInt32LittleEndian(_word) != 0x11e81234) throw new InvalidOperationException("edu ids did not read back");
            _device.WriteConfig(4, _command);
        });
        bytes.Should().Be(0);
    }

    [Fact]
    public void Interrupts_raised_and_drained_allocate_nothing()
    {
        using var eventfd = Eventfd.Create();
        int fd = eventfd.Number;
        _device.InterruptVectors(InterruptIndex.Intx).Should().Be(1);
        _device.EnableInterrupts(InterruptIndex.Intx, [fd]);
        long bytes = AllocationMeter.ThreadBytes(WarmUp, Iterations, () =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_word, 1);
            _device.WriteRegion(Bar0, RaiseIrq, _word);
            _device.ReadRegion(Bar0, IrqStatus, _word);   // the posted raise has taken effect once this is answered
            if (Eventfd.Drain(fd) == 0) throw new InvalidOperationException("the interrupt did not reach the eventfd");
            _device.WriteRegion(Bar0, AcknowledgeIrq, _word);
        });
        bytes.Should().Be(0);
    }
}
