using System.Buffers.Binary;

namespace Solo5Net.Tests.Tender.Properties;

/// <summary>
/// One thing a guest can make the tender do: a hypercall (number, argument GPA as the 32-bit OUT
/// value delivers it, and the 40 bytes the test stores there first), or a trapped MMIO / port
/// access (<see cref="Mmio"/>, <see cref="Pio"/>: Gpa = address or port, W0 = width, W1 = write?, W2 = value).
/// </summary>
internal sealed record GuestCall(int Nr, ulong Gpa, ulong W0, ulong W1, ulong W2, ulong W3, ulong W4)
{
    public const int Mmio = -1, Pio = -2;
    public const int StructBytes = 40;

    public bool IsHypercall => Nr >= 0;

    /// <summary>sizeof the argument struct (docs/hvt-abi.md §4.3, docs/abi.md §5), 0 for none.</summary>
    public static ulong StructSize(int nr) => nr switch
    {
        1 => 8, 2 => 16, 3 => 24, 4 or 5 => 40, 6 or 7 => 32, 9 or 10 => 24, _ => 0,
    };

    public void WriteStruct(Span<byte> at)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(at, W0);
        BinaryPrimitives.WriteUInt64LittleEndian(at[8..], W1);
        BinaryPrimitives.WriteUInt64LittleEndian(at[16..], W2);
        BinaryPrimitives.WriteUInt64LittleEndian(at[24..], W3);
        BinaryPrimitives.WriteUInt64LittleEndian(at[32..], W4);
    }

    public override string ToString() => Nr switch
    {
        Mmio => $"mmio 0x{Gpa:x} width {W0} {(W1 != 0 ? "write 0x" + W2.ToString("x") : "read")}",
        Pio => $"pio 0x{Gpa:x} width {W0} {(W1 != 0 ? "write 0x" + W2.ToString("x") : "read")}",
        _ => $"hypercall {Nr} at 0x{Gpa:x} [0x{W0:x}, 0x{W1:x}, 0x{W2:x}, 0x{W3:x}, 0x{W4:x}]",
    };
}
