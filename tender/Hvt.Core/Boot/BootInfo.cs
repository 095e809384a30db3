using System.Buffers.Binary;

namespace Solo5Net.Hvt;

/// <summary>struct hvt_boot_info (docs/hvt-abi.md §3, 56 bytes at 0x10000), encoded in one place.</summary>
public readonly record struct BootInfo(
    ulong MemSize, ulong KernelEnd, ulong CpuCycleFreq, ulong Cmdline, ulong Mft,
    uint HostFeatures, ulong NetRing)
{
    public const int Size = 56;

    /// <summary>host_features bit 0: ring I/O active.</summary>
    public const uint FeatureRingIo = 1;

    /// <summary>host_features bit 1: PCI_BASIC implemented (docs/abi.md §1).</summary>
    public const uint FeaturePci = 2;

    public void Encode(Span<byte> destination)
    {
        var d = destination[..Size];
        BinaryPrimitives.WriteUInt64LittleEndian(d, MemSize);
        BinaryPrimitives.WriteUInt64LittleEndian(d[8..], KernelEnd);
        BinaryPrimitives.WriteUInt64LittleEndian(d[16..], CpuCycleFreq);
        BinaryPrimitives.WriteUInt64LittleEndian(d[24..], Cmdline);
        BinaryPrimitives.WriteUInt64LittleEndian(d[32..], Mft);
        BinaryPrimitives.WriteUInt32LittleEndian(d[40..], HostFeatures);
        BinaryPrimitives.WriteUInt32LittleEndian(d[44..], 0);   // guest_features: always 0
        BinaryPrimitives.WriteUInt64LittleEndian(d[48..], NetRing);
    }
}
