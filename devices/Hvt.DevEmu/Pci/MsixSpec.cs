namespace Solo5Net.DevEmu.Pci;

/// <summary>A device's MSI-X capability: how many vectors, and where in which memory BAR its table
/// (16 bytes a vector) and pending-bit array (a bit a vector, in 64-bit words) lie.</summary>
public sealed record MsixSpec(int Vectors, int TableBar, uint TableOffset, int PbaBar, uint PbaOffset)
{
    public uint TableLength => (uint)Vectors * 16;
    public uint PbaLength => (uint)(Vectors + 63) / 64 * 8;

    public void Validate(IReadOnlyList<BarSpec> bars)
    {
        if (Vectors is < 1 or > 2048) throw new ArgumentException($"MSI-X needs 1..2048 vectors, not {Vectors}");
        Check(bars, TableBar, TableOffset, TableLength, "table");
        Check(bars, PbaBar, PbaOffset, PbaLength, "pending-bit array");
    }

    private static void Check(IReadOnlyList<BarSpec> bars, int index, uint offset, uint length, string what)
    {
        var bar = bars.FirstOrDefault(b => b.Index == index);
        if (bar == null || bar.IsIo || offset % 8 != 0 || offset + (ulong)length > bar.Size)
            throw new ArgumentException($"MSI-X {what} does not fit in memory BAR{index}");
    }
}
