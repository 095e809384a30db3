namespace Solo5Net.Hvt;

/// <summary>Returns <paramref name="length"/> bytes of a region from <paramref name="offset"/> (within the region's size).</summary>
public delegate ReadOnlySpan<byte> RegionBytes(ulong offset, int length);

/// <summary>
/// Guest-visible memory outside guest RAM that a core file should hold (a device's DMA window):
/// <paramref name="Size"/> bytes at <paramref name="Gpa"/>, read through <paramref name="Read"/>.
/// Only memory whose reads have no side effects belongs here, never device registers.
/// </summary>
public sealed record CoreRegion(string Name, ulong Gpa, ulong Size, RegionBytes Read);
