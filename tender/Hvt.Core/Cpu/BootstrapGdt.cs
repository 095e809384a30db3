using System.Buffers.Binary;
using Solo5Net.Interop;

namespace Solo5Net.Hvt;

/// <summary>The bootstrap GDT at 0x1000 and the matching segment registers (docs/hvt-abi.md §2.3).</summary>
public static class BootstrapGdt
{
    public const ulong CodeDescriptor = 0x00AF99000000FFFF;
    public const ulong DataDescriptor = 0x00CF93000000FFFF;
    public const ushort CodeSelector = 0x08, DataSelector = 0x10;
    public const ushort Limit = 3 * 8 - 1;

    /// <summary>Writes the null, code and data descriptors into the GDT page (page cleared first).</summary>
    public static void Write(Span<byte> gdtPage)
    {
        gdtPage[..(int)GuestLayout.PageSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(gdtPage[8..], CodeDescriptor);
        BinaryPrimitives.WriteUInt64LittleEndian(gdtPage[16..], DataDescriptor);
    }

    public static KvmSegment Code => new()
    {
        Base = 0, Limit = 0xFFFFFFFF, Selector = CodeSelector, Type = 9, Present = 1, Dpl = 0, Db = 0, S = 1, L = 1, G = 1,
    };

    public static KvmSegment Data => new()
    {
        Base = 0, Limit = 0xFFFFFFFF, Selector = DataSelector, Type = 3, Present = 1, Dpl = 0, Db = 1, S = 1, L = 0, G = 1,
    };

    public static KvmSegment TaskRegister => new() { Type = 11, Present = 1 };

    public static KvmSegment Ldt => new() { Unusable = 1 };
}
