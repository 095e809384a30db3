using Solo5Net.Abi;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Solo5Net.Hvt;
using Solo5Net.Hvt.Modules.Pci;
using Solo5Net.Hvt.Modules.Pci.Abi;
using Solo5Net.Hvt.Modules.Pci.Backends;
using Xunit;

namespace Solo5Net.Tests.Pci.Abi;

/// <summary>Whatever a guest puts in a config-space hypercall, the device sees only well-formed
/// accesses inside its config space and never a write that moves a BAR or stops memory decoding.</summary>
public sealed class ConfigAccessProperties
{
    /// <summary>A device whose config space is plain bytes, recording every access it receives.</summary>
    private sealed class RecordingDevice(int configSize) : IPciDevice
    {
        public byte[] Config { get; } = new byte[configSize];
        public List<(bool Write, uint Offset, int Size, uint Value)> Accesses { get; } = [];
        public string Description => "model";
        public HvtPciInfoFlags SourceFlags => HvtPciInfoFlags.None;
        public ushort Segment => 0;
        public byte Bus => 0;
        public byte DevFn => 0;
        public int ConfigSize => configSize;
        public IReadOnlyList<PciBarRegion> Bars => [];

        public void ReadConfig(uint offset, Span<byte> data)
        {
            Accesses.Add((false, offset, data.Length, 0));
            Config.AsSpan((int)offset, data.Length).CopyTo(data);
        }

        public void WriteConfig(uint offset, ReadOnlySpan<byte> data)
        {
            var value = 0u;
            for (var i = data.Length - 1; i >= 0; i--) value = value << 8 | data[i];
            Accesses.Add((true, offset, data.Length, value));
            data.CopyTo(Config.AsSpan((int)offset));
        }

        public void ReadRegion(int bar, ulong offset, Span<byte> data) => throw new NotSupportedException();
        public void WriteRegion(int bar, ulong offset, ReadOnlySpan<byte> data) => throw new NotSupportedException();
        public nint MapBar(int bar, ulong offset, ulong size) => throw new NotSupportedException();
        public uint InterruptVectors(Solo5Net.Hvt.Modules.Pci.Interrupts.InterruptIndex index) => 0;
        public void EnableInterrupts(Solo5Net.Hvt.Modules.Pci.Interrupts.InterruptIndex index, ReadOnlySpan<int> eventfds) { }
        public void DisableInterrupts(Solo5Net.Hvt.Modules.Pci.Interrupts.InterruptIndex index) { }
        public void UnmaskIntx() { }
        public void Reset() { }
        public void Dispose() { }
    }

    private static (PciConfigAccess Access, RecordingDevice Device) Setup(int configSize = 256)
    {
        var device = new RecordingDevice(configSize);
        var attached = new AttachedPciDevice("nic0", 1, device, default, 0);
        attached.Bars[0] = new PciBarInfo(0x1_0000_0000, 0x20000, HvtPciBarFlags.Present | HvtPciBarFlags.Trapped);
        return (new PciConfigAccess(new Dictionary<int, AttachedPciDevice> { [1] = attached }), device);
    }

    private static readonly Gen<PciConfigRequest> Requests =
        from handle in Gen.Elements(0UL, 1UL, 2UL, 63UL, ulong.MaxValue)
        from offset in Gen.OneOf(Gen.Choose(0, 0x40).Select(o => (uint)o), Gen.Choose(0, 0x1100).Select(o => (uint)o), Gen.Elements(uint.MaxValue, 0xFFFFFFFCu))
        from size in Gen.Elements(0u, 1u, 2u, 3u, 4u, 8u, uint.MaxValue)
        from value in Gen.Choose(int.MinValue, int.MaxValue).Select(v => (uint)v)
        select new PciConfigRequest(handle, offset, size, value);

    [Fact]
    public void Device_sees_only_permitted_accesses()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(Arb.From(Requests), Arb.From(Gen.Elements(true, false)), (request, write) =>
        {
            var (access, device) = Setup();
            var result = access.Execute(request, write, out var value);
            var expectedOk = request.Handle == 1 && PciConfigPolicy.IsWellFormed(request.Offset, request.Size, 256)
                && (!write || PciConfigPolicy.IsWriteAllowed(request.Offset, request.Size, request.Value, hasMemoryBar: true));
            result.Should().Be(expectedOk ? Solo5Result.Ok : Solo5Result.Invalid);
            if (!expectedOk) device.Accesses.Should().BeEmpty();
            foreach (var a in device.Accesses)
            {
                ((ulong)a.Offset + (ulong)a.Size).Should().BeLessThanOrEqualTo(256);
                (a.Offset % (uint)a.Size).Should().Be(0);
                if (a.Write) (a.Offset < 0x28 && a.Offset + a.Size > 0x10).Should().BeFalse("BARs never move");
                if (a.Write && a.Offset == 4) (a.Value & 2).Should().NotBe(0u, "memory decoding stays on");
            }
            if (!write && !expectedOk) value.Should().Be(0);
            return true;
        }));
    }

    [Fact]
    public void Reads_return_the_bytes_zero_extended_and_writes_land_exactly()
    {
        var (access, device) = Setup();
        device.Config[0x3C] = 0x0B;
        device.Config[0x3D] = 0x01;
        access.Execute(new PciConfigRequest(1, 0x3C, 1, 0), false, out var one).Should().Be(Solo5Result.Ok);
        one.Should().Be(0x0Bu);
        access.Execute(new PciConfigRequest(1, 0x3C, 2, 0), false, out var two).Should().Be(Solo5Result.Ok);
        two.Should().Be(0x010Bu);
        access.Execute(new PciConfigRequest(1, 0x40, 2, 0xFFFF_1234), true, out _).Should().Be(Solo5Result.Ok);
        device.Config[0x40..0x43].Should().Equal(0x34, 0x12, 0x00);
    }
}
